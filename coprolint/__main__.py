from coprolint.cli import main

main()
