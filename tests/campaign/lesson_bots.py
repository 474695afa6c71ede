"""The bot that plays each campaign level's lesson (shared by the lesson and playthrough tests).

The table lives in the game (``game.campaign.lessons``): the debrief uses it too.
"""

from game.campaign.lessons import LESSON_BOTS

__all__ = ["LESSON_BOTS"]
