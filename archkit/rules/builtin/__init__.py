"""Built-in rules: one module per rule. The registry imports every module here and collects its Rule classes."""
LENS = "https://docs.aws.amazon.com/wellarchitected/latest/serverless-applications-lens/welcome.html"
