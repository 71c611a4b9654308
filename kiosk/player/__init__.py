"""Deciding what to show and when: pure state machines with an injected clock (no Qt)."""
