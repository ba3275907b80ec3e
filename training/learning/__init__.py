"""Learning between sessions: question banks per competency (GIFT and Aiken import and
export), later quizzes and materials (issue 16). Layer 5 (results), beside standing and
certificates."""
