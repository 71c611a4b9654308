"""Fleet updates: signed decks published to a shared folder, kiosks that follow it, and their status."""
