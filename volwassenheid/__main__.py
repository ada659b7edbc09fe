from volwassenheid.cli.main import main

main()
