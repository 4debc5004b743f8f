from survey_app.cli import main

raise SystemExit(main())
