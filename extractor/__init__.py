"""ogi-extract: turn 政府信息公开工作年度报告 into checked, confidence-scored records."""

__version__ = "0.1.0"
