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
#: What a company does, in its own language ("Jysk Logistik A/S", "Weber Beratung GmbH")
COMPANY_TRADES = {
    "da": ("Logistik", "Software", "Rådgivning", "Maskinfabrik", "Fødevarer", "Pharma",
           "Energi", "Design", "Handel", "Systemer", "Marine", "Tekstil", "Robotteknik"),
    "de": ("Logistik", "Software", "Beratung", "Maschinenbau", "Lebensmittel", "Pharma",
           "Energie", "Design", "Handel", "Systeme", "Marine", "Textil", "Robotik"),
    "fr": ("Logistique", "Logiciels", "Conseil", "Ingénierie", "Alimentaire", "Pharma",
           "Énergie", "Design", "Négoce", "Systèmes", "Marine", "Textiles", "Robotique"),
    "en": ("Logistics", "Software", "Consulting", "Engineering", "Foods", "Pharma",
           "Energy", "Design", "Trading", "Systems", "Marine", "Textiles", "Robotics"),
}
INDUSTRIES = ("Manufacturing", "Retail", "Software", "Healthcare", "Energy", "Logistics",
              "Finance", "Food & Beverage", "Consulting", "Construction", "Education")
TITLES = {
    "da": ("Salgschef", "Administrerende direktør", "Økonomichef", "Indkøbschef", "IT-chef",
           "Ingeniør", "Key account manager", "Marketingchef", "Kontorchef", "Projektleder",
           "Indkøber", "Konsulent"),
    "de": ("Vertriebsleiter", "Geschäftsführer", "Leiter Finanzen", "Leiter Einkauf",
           "IT-Leiter", "Ingenieur", "Key Account Manager", "Marketingleiter", "Büroleiter",
           "Projektleiter", "Einkäufer", "Berater"),
    "fr": ("Directeur commercial", "PDG", "Directeur financier", "Responsable achats",
           "DSI", "Ingénieur", "Chargé de clientèle", "Responsable marketing",
           "Chef de projet", "Acheteur", "Consultant"),
    "en": ("Sales Manager", "CEO", "CFO", "Purchasing Manager", "Head of IT", "Engineer",
           "Account Manager", "Marketing Director", "Office Manager", "Project Manager",
           "Buyer", "Consultant"),
}
DEPARTMENTS = {
    "da": ("Salg", "Indkøb", "IT", "Økonomi", "Marketing", "Drift", "Udvikling", ""),
    "de": ("Vertrieb", "Einkauf", "IT", "Finanzen", "Marketing", "Betrieb", "Entwicklung", ""),
    "fr": ("Ventes", "Achats", "Informatique", "Finance", "Marketing", "Opérations", "R&D", ""),
    "en": ("Sales", "Purchasing", "IT", "Finance", "Marketing", "Operations", "R&D", ""),
}
NOTES = {
    "da": ("Skal have tilbud på serviceaftale. Ring efter kl. 10.",
           "Mødt på messen i Herning; vil gerne se en demo i næste kvartal.",
           "Kunde siden 2015 – bestiller hvert forår. Foretrækker mail.",
           "Ny indkøbschef fra 1. marts; send katalog.", "", ""),
    "de": ("Kunde seit 2015 – sehr zufrieden, bestellt jedes Frühjahr.",
           "Auf der Hannover Messe getroffen; möchte ein Angebot bis Quartalsende.",
           "Bitte vormittags anrufen. Nach dem neuen Lagerprojekt fragen.",
           "Entscheidet gemeinsam mit dem Einkauf; Rahmenvertrag läuft im Juni aus.", "", ""),
    "fr": ("Rappeler en septembre pour le renouvellement du contrat.",
           "Rencontré au salon de Lyon ; attend un devis avant la fin du trimestre.",
           "Préfère être contacté par e-mail. Client fidèle depuis 2018.", "", ""),
    "en": ("Met at the trade fair in Birmingham; wants a quote before the end of the quarter.",
           "Prefers phone calls in the morning. Ask about the new warehouse project.",
           "Key decision maker; golf on Fridays.",
           "Contract renewal due in June; send the new price list in April.", "", ""),
}
#: Phone area codes by city, without the trunk 0 (real ones; subscriber numbers random)
AREA_CODES = {
    "København K": "33", "Århus C": "86", "Odense C": "66", "Aalborg": "98", "Esbjerg": "75",
    "Roskilde": "46", "Helsingør": "49", "Køge": "56",
    "München": "89", "Köln": "221", "Berlin": "30", "Hamburg": "40", "Düsseldorf": "211",
    "Nürnberg": "911", "Lübeck": "451",
    "Paris": "1", "Lyon": "4", "Marseille": "4", "Toulouse": "5", "Nice": "4", "Besançon": "3",
    "London": "20", "Manchester": "161", "Bristol": "117", "Edinburgh": "131", "Leeds": "113",
    "Oxford": "1865",
}
#: Mobile prefixes, without the trunk 0 (Denmark: the first two of eight digits)
MOBILE_CODES = {
    "da": ("20", "21", "22", "23", "24", "25", "26", "27", "28", "29", "30", "31", "40",
           "41", "42", "50", "51", "52", "53", "60", "61", "71", "81", "91", "93"),
    "de": ("160", "162", "170", "171", "172", "173", "175", "176", "177"),
    "fr": ("6", "7"),
    "en": ("7712", "7723", "7787", "7801", "7812", "7900", "7949", "7958"),
}
#: The first digit a subscriber number may have after these codes, where not any of 2-9
#: (the numbering plans leave the others unassigned; libphonenumber knows them)
SUBSCRIBER_LEADS = {"20": "378", "117": "234", "113": "2345", "131": "2345", "5": "2345678",
                    "6": "245678",
                    "7": "3456789"}
CATEGORIES = ("VIP", "Newsletter", "Trade fair 2026", "Christmas card", "Key account")
MAIL_DOMAINS = {
    "da": ("mail.dk", "gmail.com", "outlook.dk"),
    "de": ("web.de", "gmx.de", "t-online.de"),
    "fr": ("orange.fr", "free.fr", "gmail.com"),
    "en": ("gmail.com", "btinternet.com", "outlook.com"),
}

# -- the demo calendar: what a salesperson writes, in the customer's language ------------
#: A call's subject and its outcome
CALLS = {
    "da": ("Opfølgning på tilbud", "Spørgsmål til faktura", "Aftale om demo",
           "Fornyelse af serviceaftale", "Status på levering", "Ny kontaktperson",
           "Ring tilbage om priser"),
    "de": ("Nachfassen zum Angebot", "Rückfrage zur Rechnung", "Termin für eine Demo",
           "Verlängerung des Wartungsvertrags", "Stand der Lieferung", "Neuer Ansprechpartner",
           "Rückruf wegen Preisen"),
    "fr": ("Relance du devis", "Question sur la facture", "Prise de rendez-vous pour une démo",
           "Renouvellement du contrat", "Suivi de livraison", "Nouvel interlocuteur",
           "Rappel au sujet des tarifs"),
    "en": ("Follow-up on the quote", "Question about the invoice", "Arranging a demo",
           "Service contract renewal", "Delivery status", "New point of contact",
           "Call back about pricing"),
}
OUTCOMES = {
    "da": ("Talt med kunden", "Ikke truffet – lagt besked", "Ønsker tilbud",
           "Ring igen i næste uge", "Aftalt møde"),
    "de": ("Kunde erreicht", "Nicht erreicht – Nachricht hinterlassen", "Wünscht ein Angebot",
           "Nächste Woche wieder anrufen", "Termin vereinbart"),
    "fr": ("Client joint", "Absent – message laissé", "Souhaite un devis",
           "Rappeler la semaine prochaine", "Rendez-vous fixé"),
    "en": ("Spoke to the customer", "No answer – left a message", "Wants a quote",
           "Call again next week", "Meeting arranged"),
}
NOTES_LOGGED = {
    "da": ("Kunden overvejer at skifte leverandør til næste år.",
           "Budgettet for næste kvartal er godkendt.",
           "Har fået prislisten; vender tilbage efter ferien.",
           "Klagede over leveringstiden – undskyldt og givet rabat."),
    "de": ("Der Kunde erwägt, nächstes Jahr den Lieferanten zu wechseln.",
           "Budget für das nächste Quartal ist freigegeben.",
           "Preisliste erhalten; meldet sich nach dem Urlaub.",
           "Beschwerde über die Lieferzeit – entschuldigt und Rabatt gewährt."),
    "fr": ("Le client envisage de changer de fournisseur l'an prochain.",
           "Le budget du prochain trimestre est validé.",
           "A reçu la grille tarifaire ; revient vers nous après les congés.",
           "S'est plaint du délai de livraison – excuses et remise accordée."),
    "en": ("The customer is thinking of changing suppliers next year.",
           "Next quarter's budget has been approved.",
           "Has the price list; will get back to us after the holidays.",
           "Complained about delivery times – apologised and gave a discount."),
}
MEETINGS = {
    "da": ("Kundemøde", "Præsentation af nyt produkt", "Gennemgang af kontrakt",
           "Frokostmøde", "Demo hos kunden", "Kvartalsmøde", "Opstartsmøde"),
    "de": ("Kundentermin", "Vorstellung des neuen Produkts", "Vertragsbesprechung",
           "Geschäftsessen", "Demo beim Kunden", "Quartalsgespräch", "Kick-off-Meeting"),
    "fr": ("Rendez-vous client", "Présentation du nouveau produit", "Revue du contrat",
           "Déjeuner d'affaires", "Démo chez le client", "Point trimestriel",
           "Réunion de lancement"),
    "en": ("Customer meeting", "New product presentation", "Contract review",
           "Business lunch", "On-site demo", "Quarterly review", "Kick-off meeting"),
}
TASKS = {
    "da": ("Send tilbud", "Send kontrakt til underskrift", "Bestil prøver",
           "Opdater kundekort", "Forbered præsentation", "Send julekort"),
    "de": ("Angebot senden", "Vertrag zur Unterschrift schicken", "Muster bestellen",
           "Kundendaten aktualisieren", "Präsentation vorbereiten", "Weihnachtskarte schicken"),
    "fr": ("Envoyer le devis", "Envoyer le contrat à signer", "Commander des échantillons",
           "Mettre à jour la fiche client", "Préparer la présentation", "Envoyer la carte de vœux"),
    "en": ("Send the quote", "Send the contract for signature", "Order samples",
           "Update the customer record", "Prepare the presentation", "Send a Christmas card"),
}
#: Series: a weekly meeting, a monthly review
WEEKLY = {"da": "Ugentligt statusmøde", "de": "Wöchentliche Abstimmung",
          "fr": "Point hebdomadaire", "en": "Weekly status call"}
MONTHLY = {"da": "Månedlig gennemgang", "de": "Monatliches Review",
           "fr": "Revue mensuelle", "en": "Monthly account review"}
ALL_DAY = {
    "da": ("Messe i Herning", "Kursus: forhandlingsteknik", "Kundebesøg i Jylland"),
    "de": ("Hannover Messe", "Schulung: Verhandlungstechnik", "Kundenbesuche in Bayern"),
    "fr": ("Salon de Lyon", "Formation : négociation", "Tournée clients en Bretagne"),
    "en": ("Trade fair in Birmingham", "Training: negotiation", "Customer visits in the North"),
}
MEETING_PLACES = {
    "da": ("Hos kunden", "Mødelokale 2", "Teams", "Café Norden"),
    "de": ("Beim Kunden", "Besprechungsraum 3", "Teams", "Hotel Adlon, Lobby"),
    "fr": ("Chez le client", "Salle de réunion B", "Teams", "Brasserie Lipp"),
    "en": ("At the customer's office", "Meeting room 1", "Teams", "The Ivy, Covent Garden"),
}
#: Meetings abroad, in the city's own zone: (zone, locale, place)
ABROAD = (("America/New_York", "en", "Midtown office, New York"),
          ("Europe/London", "en", "Canary Wharf, London"))
