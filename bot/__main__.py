"""`python -m bot` runs the mentorbot command."""

from bot.cli import main

main()
