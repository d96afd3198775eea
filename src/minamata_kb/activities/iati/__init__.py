"""IATI 2.03: code lists, the export builder, the Standard Ruleset checks and the importer."""
