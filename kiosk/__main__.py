from kiosk.start import main

raise SystemExit(main())
