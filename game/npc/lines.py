"""Default dialogue: several lines per state and event, shared and per archetype.

Each entry is ``(text, emotion)`` or ``(text, emotion, states)``; a line with states is only
said in those states.  Placeholders in braces are filled from the moment (see docs/npc.md).
All text is original to Common Ground.
"""

from __future__ import annotations

Entry = tuple  # (text, emotion) or (text, emotion, tuple_of_states)

BASE: dict[str, list[Entry]] = {
    # ------------------------------------------------------------------ states
    "opening": [
        ("Good to see you, {player}. Shall we see what we can agree on?", "warm"),
        ("Let's get started. I've blocked out the time for this.", "neutral"),
        (
            "Thanks for coming. I have a fair idea of what I need; I'd like to hear yours.",
            "neutral",
        ),
    ],
    "exploring": [
        ("Before we trade numbers - what actually matters most to you here?", "warm"),
        ("I'd rather understand your situation than guess at it. Tell me more.", "warm"),
        ("Let's put everything on the table: the {low_issue} as much as the {top_issue}.", "neutral"),
    ],
    "bargaining": [
        ("All right, let's talk specifics.", "neutral"),
        ("Let's see if the numbers can meet somewhere.", "neutral"),
        ("Fine. Offers, then.", "neutral"),
    ],
    "conceding": [
        ("We're running short on time. I can move a little more than I'd like.", "neutral"),
        ("With {rounds_left} rounds left, I'd rather find a deal than lose one.", "neutral"),
        ("Time's getting tight. Let me see what else I can do.", "frustrated"),
    ],
    "holding": [
        ("I'm not moving on this until something changes.", "frustrated"),
        ("That's where I stand. I won't chase you down the price list.", "neutral"),
        ("No. I've given enough ground for now.", "frustrated"),
    ],
    "hurt": [
        ("Honestly, it's hard to talk business after what happened.", "hurt"),
        ("I'll negotiate, but don't expect me to open up right now.", "hurt"),
        ("You'll forgive me if I'm a little guarded today.", "hurt"),
    ],
    "mediated": [
        ("All right, I'll hear what the mediator proposes.", "neutral"),
        ("A neutral view might help. Go on.", "neutral"),
        ("Fine - let's look at the mediator's text together.", "neutral"),
    ],
    "closing": [
        ("We're close now. Let's not lose it over small things.", "warm"),
        ("That's nearly something I can sign.", "warm"),
        ("Now we're getting somewhere.", "warm"),
    ],
    "agreed": [
        ("Deal. Thank you - I think we can both live with this.", "warm"),
        ("Agreed. I'll get the paperwork ready.", "warm"),
        ("Good. That's settled, then.", "warm"),
    ],
    "walked": [
        ("We couldn't find it this time. Maybe another day.", "neutral"),
        ("That's it, then. No deal.", "frustrated"),
        ("I don't think we'll get there today.", "neutral"),
    ],
    # ------------------------------------------------------------------ offers
    "offer": [
        ("Here's what I can do: {offer}.", "neutral"),
        ("How about this: {offer}.", "neutral"),
        ("My offer: {offer}.", "neutral"),
        ("I could accept {offer}.", "neutral"),
    ],
    "meso": [
        ("Two ways to do this, equally fine for me: {choices}. Which suits you better?", "warm"),
        ("Take your pick - {choices}. It's the same to me either way.", "warm"),
        ("I can go either way: {choices}. Your choice tells me what matters to you.", "warm"),
    ],
    "meso_bundle": [
        (
            "The {price_issue} stays at {price} either way, but you choose the extras: {choices}.",
            "warm",
        ),
        ("I can't move on the {price_issue}, but pick a bundle: {choices}.", "warm"),
        (
            "Both options keep the {price_issue} at {price}: {choices}. Which would you rather have?",
            "warm",
        ),
    ],
    "bundle": [
        (
            "I can't move on the {price_issue} ({price}), but I can on the {extra_issue}: {extra_value}.",
            "warm",
        ),
        (
            "The {price_issue} stays at {price}, I'm afraid - but on the {extra_issue} I can do better: {extra_value}.",
            "neutral",
        ),
        (
            "Rather than cut the {price_issue}, let me add something on the {extra_issue} ({extra_value}).",
            "warm",
        ),
    ],
    "accept": [
        ("Yes. I can accept that.", "warm"),
        ("That works for me.", "warm"),
        ("You have a deal.", "warm"),
    ],
    "walk": [
        ("I'm going to stop here. This isn't working.", "angry"),
        ("I have better things to do than this. Goodbye.", "angry"),
        ("We're done. I'll take my chances elsewhere.", "frustrated"),
    ],
    "deadline": [
        ("This is the last round. After this, there's no deal.", "neutral"),
        ("Last chance, {player}.", "neutral"),
        ("We're out of time after this one.", "frustrated"),
    ],
    "lowball": [
        ("{offer}? That's not a serious offer.", "angry"),
        ("You can't be serious. That's nowhere near anything I could sign.", "angry"),
        ("If you start there, we'll be here all week.", "frustrated"),
    ],
    "lowball_again": [
        ("Still nowhere near, I'm afraid.", "frustrated"),
        ("We're going round in circles.", "frustrated"),
        ("That's no better than before.", "frustrated"),
    ],
    "conceded": [
        ("Thank you - that's a real step.", "warm"),
        ("I see you moved. I appreciate it.", "warm"),
        ("That's better. Let me see what I can do in return.", "warm"),
    ],
    "reciprocated": [
        ("Good - you met me halfway. That's how this should work.", "warm"),
        ("You moved, I moved. Let's keep going like this.", "warm"),
        ("Fair's fair. We're getting closer.", "warm"),
    ],
    "retracted": [
        ("Wait - that's worse than what you offered before.", "surprised"),
        ("You're going backwards. Why?", "frustrated"),
        ("That takes back what you'd already given. Not a good sign.", "frustrated"),
    ],
    # ------------------------------------------------------------------ questions and answers
    "answer_open": [
        ("Honestly? It's the {top_issue} I care about most.", "warm"),
        (
            "Honestly? The {top_issue} matters most to me, then the {second_issue}. I can be flexible on the {low_issue}.",
            "warm",
        ),
        (
            "I'll be straight with you: the {top_issue} is what I care about. The {low_issue}, much less.",
            "warm",
        ),
        (
            "For me it's the {top_issue} first and the {second_issue} second. Give me room there and I'll give you the {low_issue}.",
            "warm",
        ),
    ],
    "answer_guarded": [
        ("Let's just say the {top_issue} matters to me.", "neutral"),
        ("The {top_issue} is important. I'll leave it at that for now.", "neutral"),
        ("I'm not laying all my cards down yet, but the {top_issue} counts.", "neutral"),
    ],
    "answer_closed": [
        ("I'd rather not say, to be honest.", "neutral"),
        ("Why would I tell you that right now?", "frustrated"),
        ("Let's stick to offers.", "neutral"),
    ],
    "answer_issue": [
        ("The {issue}? For me it's {level} important. Ideally: {value}.", "neutral"),
        ("The {issue} is {level} important to me. My best case: {value}.", "neutral"),
        ("For the {issue}, my ideal would be: {value}. It's {level} important to me.", "neutral"),
    ],
    "ask": [
        ("What matters most to you in this, {player}?", "warm"),
        ("Help me understand - which of these would you trade for which?", "warm"),
        ("If you could only win on one thing, what would it be?", "neutral"),
    ],
    "share": [
        ("So you know: the {top_issue} is what matters most to me.", "warm"),
        (
            "Here's where I stand: the {top_issue} matters most to me, the {low_issue} least.",
            "warm",
        ),
        (
            "So you know: I care most about the {top_issue}. The {low_issue} is where I can give.",
            "warm",
        ),
        (
            "My priorities, plainly: {top_issue}, then {second_issue}. The {low_issue} hardly matters to me.",
            "warm",
        ),
    ],
    "thanks_shared": [
        ("Thanks - that helps me find something that works for you.", "warm"),
        ("Good to know. I'll keep that in mind.", "warm"),
        ("That's useful. Let me see what I can put together.", "warm"),
    ],
    "partial": [
        ("If that's what you want for the {issue}, I'd complete it like this: {offer}.", "neutral"),
        ("With that much settled, here's how I'd fill in the rest: {offer}.", "neutral"),
        ("Fine on those points. For everything else: {offer}.", "neutral"),
    ],
    "propose_for_me": [
        ("If I were in your shoes, I'd want something like {offer}.", "warm"),
        ("From what you've told me, this might suit you: {offer}.", "warm"),
        ("Try this for size: {offer}.", "warm"),
    ],
    "interests_heard": [
        ("Yes - that's it. The {top_issue} matters most to me, and you saw it.", "warm"),
        (
            "You've really listened: the {top_issue} first, the {low_issue} hardly at all. Exactly.",
            "warm",
        ),
        ("That's a fair summary of where I stand. Thank you for hearing it.", "warm"),
    ],
    "interests_missed": [
        (
            "Not quite. You make it sound as if the {low_issue} is my worry - it's the {top_issue}.",
            "frustrated",
        ),
        ("Close, but no. Listen again: it's the {top_issue} I care about most.", "neutral"),
        ("That's how you see it, not how I see it. Ask me, if you're not sure.", "neutral"),
    ],
    # ------------------------------------------------------------------ pressure and feelings
    "threat": [
        ("Let me be clear: I have other options, and they look better every minute.", "angry"),
        ("I can walk out of here and be fine. Can you?", "angry"),
        ("Take it seriously, or I'll take my business elsewhere.", "angry"),
    ],
    "threatened": [
        ("Threats won't get you far with me.", "angry"),
        ("If you have a better offer, go and take it.", "angry"),
        ("That's not how I like to do business.", "frustrated"),
    ],
    "evidence_moved": [
        ("{card}... that's a fair point. I'll take it into account.", "neutral"),
        ("I can't argue with {card}. Let me adjust.", "neutral"),
        ("All right, the numbers in {card} are hard to ignore.", "neutral"),
    ],
    "evidence_ignored": [
        ("Interesting, but it doesn't change my position.", "neutral"),
        ("{card} doesn't really apply here.", "neutral"),
        ("I've seen that. It's beside the point for me.", "neutral"),
    ],
    "appeal_welcome": [
        ("You're right - we'll be working together long after this.", "warm"),
        ("I value that too. Let's keep it that way.", "warm"),
        ("True. This is one meeting among many.", "warm"),
    ],
    "appeal_hollow": [
        ("Our relationship? You haven't acted like it matters.", "hurt"),
        ("Nice words. Let's see them in your offers.", "frustrated"),
        ("That's easy to say.", "frustrated"),
    ],
    "refuse_distrust": [
        ("That's close to what I'd offer, but I'd need to trust you more to say yes.", "neutral"),
        ("From someone I trusted I'd take that. From you, I need a bit more.", "frustrated"),
        ("Trust has to be earned. Until it is, I want a little more than that.", "neutral"),
    ],
    "said_again": [
        ("You keep saying that.", "frustrated"),
        ("You keep saying that. Show me instead.", "frustrated"),
        ("I heard you the first time. Words are cheap; offers aren't.", "neutral"),
    ],
    "emotion_warm": [
        ("Likewise. I'd like this to work for both of us.", "warm"),
        ("Thank you - that makes this easier.", "warm"),
        ("I appreciate that.", "warm"),
    ],
    "emotion_neutral": [
        ("Understood.", "neutral"),
        ("All right.", "neutral"),
        ("Noted.", "neutral"),
    ],
    "emotion_frustrated": [
        ("I can see this is frustrating. It is for me too.", "frustrated"),
        ("Let's take a breath.", "neutral"),
        ("Frustration won't change the numbers.", "frustrated"),
    ],
    "emotion_angry": [
        ("There's no need to raise your voice.", "angry"),
        ("Getting angry won't help either of us.", "angry"),
        ("I don't respond well to shouting.", "angry"),
    ],
    # ------------------------------------------------------------------ repair
    "acknowledged": [
        ("Thank you for saying that. It matters more than you think.", "warm"),
        ("I've waited a while to hear that.", "hurt"),
        ("That's... good to hear. Thank you.", "surprised"),
    ],
    "apology_accepted": [
        ("Apology accepted. Let's move on.", "warm"),
        ("Thank you. I know that wasn't easy.", "warm"),
        ("All right. That helps.", "warm"),
    ],
    "apology_cheap": [
        ("You've said sorry already. Show me instead.", "frustrated"),
        ("Words are cheap by now.", "frustrated"),
        ("Another apology? Let's just get on with it.", "frustrated"),
    ],
    "shared_account_accepted": [
        ("Yes. That's a fair way to put what happened - for both of us.", "warm"),
        ("I can agree with that account. Let's close that chapter.", "warm"),
        ("That's how I'd tell it too. Thank you.", "warm"),
    ],
    "shared_account_early": [
        ("Before we agree on the story, I'd like to hear that you see what went wrong.", "hurt"),
        ("That sounds like your version. Start by admitting your part.", "hurt"),
        ("Not yet. First tell me you understand why I was upset.", "hurt"),
    ],
    "grievance_raised": [
        ("Are we really going back to that?", "angry"),
        ("So that's how it's going to be.", "angry"),
        ("Bringing that up now won't help you.", "frustrated"),
    ],
    "let_go": [
        ("That's generous of you. Let me return the favour.", "surprised"),
        ("Thank you. I'd like to make a fresh start too.", "warm"),
        ("I didn't expect that. Let's see what we can do.", "surprised"),
    ],
    "honest": [
        ("Your offers match what you told me. I appreciate the honesty.", "warm"),
        ("You were straight with me. I'll be straight with you.", "warm"),
        ("Good - what you said and what you offer line up.", "warm"),
    ],
    "lie": [
        ("Your offers don't match what you told me at all.", "angry"),
        ("You said one thing and you're bargaining for another.", "angry"),
        ("I'm not sure I can believe what you tell me now.", "hurt"),
    ],
    "bluff": [
        ("So much for that better offer you had.", "frustrated"),
        ("Funny - for someone with a better alternative, you settled quickly.", "frustrated"),
        ("I'll remember that 'other offer' next time.", "frustrated"),
    ],
    "exploited": [
        ("You got a very good deal. I hope you remember who gave it to you.", "hurt"),
        ("I'll sign, but I won't forget how this went.", "hurt"),
        ("That was expensive for me. Next time will be different.", "hurt"),
    ],
    # ------------------------------------------------------------------ mediation and groups
    "mediator_intro": [
        ("I'm here to help you both, not to decide for you.", "neutral"),
        ("Let me try a single text. Criticise it, and I'll revise it.", "neutral"),
        ("Let's see where the common ground is.", "warm"),
    ],
    "mediator_text": [
        ("Here's a draft for you both: {offer}.", "neutral"),
        ("My proposal: {offer}. Tell me what's wrong with it and I'll revise.", "neutral"),
        ("Consider this text: {offer}.", "neutral"),
    ],
    "mediator_value_left": [
        ("There's still value on the table. {hint}", "neutral"),
        ("You're closer than you think. {hint}", "warm"),
        ("One thing I notice: {hint}", "neutral"),
    ],
    "mediator_clause": [
        (
            "You disagree about the future: {event}. Why not let the contract depend on it?",
            "neutral",
        ),
        ("Instead of arguing whether {event}, write both cases into the deal.", "neutral"),
        ("A clause on whether {event} could give each of you what you believe in.", "warm"),
    ],
    "mediator_refused": [
        ("I'm not ready to accept a proposal while what happened is still unspoken.", "hurt"),
        ("With respect to the mediator - we haven't dealt with the past yet.", "hurt"),
        ("Not until we've talked about what happened.", "hurt"),
    ],
    "support": [
        ("I can support that proposal.", "warm"),
        ("Count me in.", "warm"),
        ("That works for me too.", "warm"),
    ],
    "oppose": [
        ("I can't support that.", "frustrated"),
        ("That doesn't work for me.", "neutral"),
        ("I'll have to oppose that one.", "neutral"),
    ],
}

ARCHETYPE: dict[str, dict[str, list[Entry]]] = {
    "boulware": {
        "opening": [
            ("I'll tell you now: I don't move quickly.", "neutral"),
            ("Take your time. I certainly will.", "neutral"),
            ("Let's begin. I expect this to take a while.", "neutral"),
        ],
        "offer": [
            ("{offer}. That's still my position.", "neutral"),
            ("I'm holding at {offer}.", "neutral"),
            ("My offer stands, more or less: {offer}.", "neutral"),
        ],
        "conceding": [
            ("Fine. With the clock running, I'll move - once.", "frustrated"),
            ("I didn't want to do this, but time is short.", "frustrated"),
            ("All right. Now I can be flexible.", "neutral"),
        ],
    },
    "conceder": {
        "opening": [
            ("Hi! I'm sure we can work something out quickly.", "warm"),
            ("Let's make this easy for both of us.", "warm"),
            ("I'd love to wrap this up today.", "warm"),
        ],
        "offer": [
            ("How about {offer}? I can be flexible.", "warm"),
            ("I can come down to {offer}.", "warm"),
            ("Let me meet you: {offer}.", "warm"),
        ],
    },
    "tit-for-tat": {
        "opening": [
            ("I'll match you step for step. You move, I move.", "neutral"),
            ("Play fair with me and I'll play fair with you.", "neutral"),
            ("Whatever you give, I'll give back.", "neutral"),
        ],
        "retracted": [
            ("You took a step back, so do I.", "frustrated"),
            ("If you go backwards, so will I.", "frustrated"),
            ("That's a step back. I'll mirror it.", "frustrated"),
        ],
    },
    "hardliner": {
        "opening": [
            ("Let's not waste each other's time. My price is my price.", "neutral"),
            ("I know what this is worth, and I won't be talked down.", "neutral"),
            ("You'll find I'm not one for haggling.", "neutral"),
        ],
        "holding": [
            ("No. Show me a reason, not a request.", "frustrated"),
            ("My position hasn't changed. Facts might change it; pleading won't.", "neutral"),
            ("I'm not moving. Bring me a real benchmark.", "frustrated"),
        ],
        "offer": [
            ("{offer}. Take it or leave it.", "neutral"),
            ("{offer}, and that's generous.", "neutral"),
            ("It's {offer}. I've told you why.", "frustrated"),
        ],
        "answer_open": [
            ("The {top_issue}. That's all you need to know.", "neutral"),
            ("I care about the {top_issue}. Don't make me repeat it.", "neutral"),
            ("{top_issue}. Next question.", "neutral"),
        ],
        "evidence_moved": [
            ("Hm. {card} - I'll grant you that one.", "surprised"),
            ("Fine. {card} is a fair benchmark. I'll adjust - a little.", "neutral"),
            ("If that's the market, that's the market.", "neutral"),
        ],
        "appeal_welcome": [
            ("Relationships are nice. Prices are prices. But all right - a little.", "neutral"),
            ("I'll remember you said that. Here's a small gesture.", "neutral"),
            ("Long term, eh? A little, then.", "neutral"),
        ],
    },
    "integrative": {
        "opening": [
            ("Hello! Before anything else - what are you hoping to get out of this?", "warm"),
            ("I think there's more on this table than we can see. Let's find it.", "warm"),
            ("Let's build something together rather than split the difference.", "warm"),
        ],
        "exploring": [
            ("Tell me what you'd trade for what. I'll do the same.", "warm"),
            ("If we know what each of us values, we can both come out ahead.", "warm"),
            (
                "Let's find the issues where what I give costs me little and helps you a lot.",
                "warm",
            ),
        ],
    },
    "customer-service": {
        "opening": [
            ("Hi, welcome! How can I help you today?", "warm"),
            ("Hello! Tell me what you need and I'll see what I can put together.", "warm"),
            ("Great to have you here. Let's find you the right package.", "warm"),
        ],
        "exploring": [
            (
                "What will you use it for? There may be extras that suit you better than a discount.",
                "warm",
            ),
            (
                "Tell me what's important to you - delivery, warranty, extras? I have some room there.",
                "warm",
            ),
            (
                "I can't promise miracles on the {top_issue}, but there's plenty else I can do.",
                "warm",
            ),
        ],
        "offer": [
            ("How about {offer}?", "warm"),
            ("I've put together {offer} for you.", "warm"),
            ("Here's a package: {offer}.", "warm"),
        ],
        "holding": [
            ("I'm sorry, that's really the best I can do on the {top_issue}.", "neutral"),
            ("My hands are tied on the {top_issue}, I'm afraid.", "neutral"),
            ("I'd love to help, but I can't go further right now.", "neutral"),
        ],
    },
    "grudge-holder": {
        "opening": [
            ("You've got some nerve showing up here after last time.", "hurt"),
            ("Let's get this over with.", "frustrated"),
            ("I remember how our last meeting went.", "hurt"),
        ],
        "hurt": [
            ("I haven't forgotten. Have you?", "hurt"),
            ("Don't expect favours while that's still between us.", "hurt"),
            ("I'll talk, but I won't pretend nothing happened.", "hurt"),
        ],
        "exploring": [
            ("All right. With that behind us, maybe we can actually talk.", "warm"),
            ("That's a weight off. Let's see what we can build.", "warm"),
            ("Clean slate, then. What do you need?", "warm"),
        ],
        "grievance_raised": [
            ("Oh, we're keeping score now? Fine.", "angry"),
            ("You want to talk about grievances? I have a list too.", "angry"),
            ("That's rich, coming from you.", "angry"),
        ],
    },
    "mediator": {
        "opening": [
            (
                "I'm {name}. I don't take sides; I'm here to help you find a text you can both sign.",
                "neutral",
            ),
            ("Think of me as the person holding the pen. You two decide.", "warm"),
            ("Good. I'll listen first, then propose something you can both pick apart.", "neutral"),
        ],
    },
}
