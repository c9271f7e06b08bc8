"""Service and marketing: cases (views, cards, dialogs, status changes) and campaigns
(members, responses, results)."""
