"""The questionnaire: its model, its schema, routing conditions and the flow through it."""
