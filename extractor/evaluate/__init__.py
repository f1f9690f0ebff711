"""Evaluation: scoring records against gold files, calibration of the confidence."""
