"""Visitor counts: how many people a display reached, and nothing about any one person.

:mod:`kiosk.stats.record` counts the player's events per hour (what counts are:
:mod:`kiosk.stats.counts`), :mod:`kiosk.stats.store` keeps them in a local SQLite file (written
by a short-lived process of its own in ``kiosk run``: :mod:`kiosk.stats.writer`), and
:mod:`kiosk.stats.report` and :mod:`kiosk.stats.chart` turn them into tables, CSV and charts
(``kiosk stats``). No Qt here.
"""
