"""Learning between sessions (issue 16): course materials (``materials_*``), question banks
per competency with GIFT and Aiken import and export, and the pre- and post-tests drawn from
them (``quiz*``: pages, score bands per course, grading by the job queue into assessment
attempts).
Layer 5 (results), beside standing and certificates."""
