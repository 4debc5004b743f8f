"""A collecting device (the kiosk, the web link's server, an inspector's laptop): the setup
file it joins an inspection with, and its outbox of sealed records, which it can append to
but never read back. Nothing here imports the lead's store, counting or screens."""
