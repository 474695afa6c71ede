"""The bot that plays each campaign level's lesson (shared by the lesson and playthrough tests)."""

LESSON_BOTS: dict[str, str] = {
    "market-stall": "teacher",
    "used-car": "teacher",
    "print-run": "teacher",
    "tablet-deal": "teacher",
    "job-offer": "integrator",
    "hotel-bread": "teacher",
    "cargo-bikes": "reconciler",
    "book-deal": "reconciler",
    "cafe-fitout": "reconciler",
    "app-earnout": "reconciler",
    "chore-chart": "teacher",
    "bike-sale": "teacher",
    "freelance-quote": "teacher",
    "tariff-talks": "teacher",
    "climate-accord": "reconciler",
    "two-forks": "reconciler",
    "season-autumn": "teacher",
    "season-winter": "reconciler",
}
