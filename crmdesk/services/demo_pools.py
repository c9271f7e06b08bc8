"""Names, companies and places the demo data is drawn from (Danish, German, French, English)."""

from __future__ import annotations

FIRST = {
    "da": "Søren Jens Mette Anne Lærke Åse Bjørn Kirsten Mads Frederik Ida Sofie Rasmus Morten "
          "Helle Birgitte Niels Ulla Asbjørn Jesper Lone Torben Signe Bent Gitte Kåre Mikkel "
          "Pernille Henrik Jette Øjvind Malene Thorbjørn Aase".split(),
    "de": "Lukas Jürgen Uwe Sabine Ursula Dörte Jörg Günter Käthe Björn Sören Anja Katrin "
          "Matthias Tobias Stefanie Michael Birgit Klaus Gisela Hannelore Ulrike Rüdiger Bärbel "
          "Götz Maximilian Lena Felix Hans-Peter".split(),
    "fr": "Éric Hélène Céline François Jérôme Anaïs Zoé Noël Gaëlle Amélie Benoît Loïc René "
          "Camille Léa Mathieu Thérèse Chloé Aurélie Sébastien Margaux Hugo".split(),
    "en": "James Jennifer John Mary Robert Patricia Michael Linda David Elizabeth William Susan "
          "Sarah Thomas Karen Christopher Emily Daniel Jessica Matthew Ashley Andrew Amanda "
          "Rebecca Kevin Laura Edward Helen George Alice Henry Grace Oliver Chloe".split(),
}
LAST = {
    "da": "Sørensen Jensen Nielsen Hansen Pedersen Andersen Christensen Larsen Rasmussen "
          "Jørgensen Madsen Kristensen Olsen Thomsen Møller Østergaard Æblegaard Ågård Bech "
          "Lauritzen Kjærgaard Dahl Holm Frandsen Brøndum Skov Vestergaard".split(),
    "de": "Müller Schmidt Schneider Fischer Weber Meyer Wagner Becker Schulz Hoffmann Schäfer "
          "Koch Bauer Richter Klein Wolf Schröder Neumann Schwarz Zimmermann Braun Krüger "
          "Hofmann Hartmann Lange Weiß Köhler Jäger Groß Mueller Straßburger".split(),
    "fr": "Martin Bernard Dubois Thomas Robert Richard Petit Durand Leroy Moreau Simon Laurent "
          "Lefèvre Michel Garcia David Bertrand Roux Vincent Fournier Morel Girard Bonnet "
          "Dupont Lambert Fontaine Rousseau Chevalier Gauthier".split(),
    "en": "Smith Johnson Williams Brown Jones Miller Davis Wilson Anderson Taylor Thomas Moore "
          "Jackson White Harris Martin Thompson Robinson Clark Lewis Walker Hall Allen Young "
          "King Wright Scott Green Baker Adams O'Brien McDonald".split(),
}
PLACES = {  # (city, postcode, street, country code, phone country code, national prefix)
    "da": [("København K", "1050", "Kongens Nytorv"), ("Århus C", "8000", "Søndergade"),
           ("Odense C", "5000", "Vestergade"), ("Aalborg", "9000", "Bispensgade"),
           ("Esbjerg", "6700", "Kongensgade"), ("Roskilde", "4000", "Algade"),
           ("Helsingør", "3000", "Stengade"), ("Køge", "4600", "Nørregade")],
    "de": [("München", "80331", "Marienplatz"), ("Köln", "50667", "Hohe Straße"),
           ("Berlin", "10117", "Friedrichstraße"), ("Hamburg", "20095", "Mönckebergstraße"),
           ("Düsseldorf", "40213", "Königsallee"), ("Nürnberg", "90403", "Kaiserstraße"),
           ("Lübeck", "23552", "Breite Straße")],
    "fr": [("Paris", "75001", "Rue de Rivoli"), ("Lyon", "69002", "Rue de la République"),
           ("Marseille", "13001", "La Canebière"), ("Toulouse", "31000", "Rue d'Alsace-Lorraine"),
           ("Nice", "06000", "Promenade des Anglais"), ("Besançon", "25000", "Grande Rue")],
    "en": [("London", "EC1A 1BB", "High Street"), ("Manchester", "M1 1AE", "Market Street"),
           ("Bristol", "BS1 4DJ", "Park Street"), ("Edinburgh", "EH1 1YZ", "Royal Mile"),
           ("Leeds", "LS1 6HD", "Briggate"), ("Oxford", "OX1 3BD", "Cornmarket Street")],
}
COUNTRY = {"da": "DK", "de": "DE", "fr": "FR", "en": "GB"}
COMPANY_WORDS = {
    "da": ("Nordisk Dansk Jysk Fyns Øresund Sjællands Vestkyst Hav Skov Bølge".split(),
           "A/S ApS I/S".split()),
    "de": ("Rhein Bayerische Nord Süd Alpen Elbe Hanse Schwarzwald Brücken Mühlen".split(),
           "GmbH AG KG".split()),
    "fr": ("Lumière Provence Atlantique Étoile Horizon Azur Rivage Alpine".split(),
           "SA SARL SAS".split()),
    "en": ("Northern Crown Harbour Summit Pinnacle Meridian Oakridge Bluewater Redwood".split(),
           "Ltd PLC Group".split()),
}
COMPANY_TRADES = ("Logistics", "Software", "Consulting", "Engineering", "Foods", "Pharma",
                  "Energy", "Design", "Trading", "Systems", "Marine", "Textiles", "Robotics")
INDUSTRIES = ("Manufacturing", "Retail", "Software", "Healthcare", "Energy", "Logistics",
              "Finance", "Food & Beverage", "Consulting", "Construction", "Education")
TITLES = ("Sales Manager", "CEO", "CFO", "Purchasing Manager", "Head of IT", "Engineer",
          "Account Manager", "Marketing Director", "Office Manager", "Project Manager",
          "Indkøbschef", "Geschäftsführer", "Directeur commercial", "Buyer", "Consultant")
DEPARTMENTS = ("Sales", "Purchasing", "IT", "Finance", "Marketing", "Operations", "R&D", "")
NOTES = (
    "Met at the trade fair in Hamburg; wants a quote before the end of the quarter.",
    "Prefers phone calls in the morning. Ask about the new warehouse project.",
    "Kunde siden 2015 – sehr zufrieden, bestellt jedes Frühjahr.",
    "Rappeler en septembre pour le renouvellement du contrat.",
    "Key decision maker; golf on Fridays. Birthday cake is appreciated!",
    "Skal have tilbud på service-aftale. Ring efter kl. 10.",
    "",
    "",
)
CATEGORIES = ("VIP", "Newsletter", "Trade fair 2026", "Christmas card", "Key account")
MAIL_DOMAINS = {
    "da": ("mail.dk", "gmail.com", "outlook.dk"),
    "de": ("web.de", "gmx.de", "t-online.de"),
    "fr": ("orange.fr", "free.fr", "gmail.com"),
    "en": ("gmail.com", "btinternet.com", "outlook.com"),
}
