"""Classroom rooms: the lecturer leads, the class follows, everyone's network on one screen.

A room is data in the record store (model.py, registry.py): a code, a teacher key's hash, what
the lecturer pushed, locked knobs, the question and its votes, the spotlight, each student's
seat and their progress card (cards.py). It changes no run: the routes apply what the room says
to a student's own run through that run's Session methods.
"""

from app.rooms.registry import RoomData, RoomError, Rooms

__all__ = ["RoomData", "RoomError", "Rooms"]
