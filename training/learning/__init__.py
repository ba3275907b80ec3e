"""Learning between sessions (issue 16): course materials (``materials_*``), question banks
per competency with GIFT and Aiken import and export, and the quiz service drawing from them.
Layer 5 (results), beside standing and certificates."""
