"""Built-in rule pack for the 政府信息公开工作年度报告 (government information disclosure annual report)."""
