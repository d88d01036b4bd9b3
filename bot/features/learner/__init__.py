"""The learner's commands: start, profile, assess, plan, challenges, check-ins, home, mydata."""
