from coprolint.cli import run

run()
