"""The rule engine: DMN 1.3 tables parsed by SpiffWorkflow, cells compiled once, every outcome traced."""
