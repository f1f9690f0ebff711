"""A generator of realistic synthetic reports with known answers (docs + gold JSON)."""
