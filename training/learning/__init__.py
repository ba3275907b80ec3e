"""Learning between sessions: course materials (and, later, question banks and quizzes)."""
