"""Plain, deliberately unoptimised restatements of the rules, to check the engines against."""
