from minamata_kb.cli import main

raise SystemExit(main())
