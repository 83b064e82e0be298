/**
 * Where the name lists mislead, written by hand (folded: lowercase, no accents).
 */

const words = (list: string) => new Set(list.trim().split(/\s+/));

/**
 * Capitalised words that are not people although the surname list holds many of them (Paris,
 * Lyon, Orange) or they look like one: places, employers and the tools testimonies name
 * (Teams, Viva, MSurveys), institutions as formal letters capitalise them, months, days, feasts.
 */
export const NOT_PERSONS = words(`
  france europe afrique asie amerique belgique suisse espagne italie allemagne portugal maroc algerie tunisie senegal
  paris lyon marseille lille bordeaux nantes toulouse nice strasbourg montpellier rennes grenoble rouen brest dijon reims
  tours angers metz nancy caen orleans limoges clermont clermont-ferrand amiens perpignan besancon nimes avignon annecy
  poitiers pau bayonne valence chambery lorient vannes quimper calais dunkerque roubaix tourcoing versailles nanterre
  creteil bobigny montreuil argenteuil venissieux villeurbanne saint-denis cergy evry massy orly roissy marne-la-vallee
  defense la-defense vitrolles aubagne toulon cannes antibes ajaccio bastia mulhouse colmar troyes chalon macon
  saint-etienne saint-nazaire le-havre havre cherbourg laval angouleme niort la-rochelle rochelle biarritz tarbes albi
  rodez agen montauban bezier beziers narbonne sete ales gap nevers bourges chartres blois evreux beauvais compiegne
  arras douai lens valenciennes maubeuge charleville sedan epinal belfort roanne vienne bron meyzieu gerland corbas
  seine rhone loire garonne alsace bretagne normandie provence savoie corse picardie champagne bourgogne lorraine
  auvergne aquitaine occitanie vendee ile-de-france idf hauts-de-france outre-mer guadeloupe martinique guyane reunion mayotte
  teams viva insights outlook excel word powerpoint slack zoom workplace yammer sharepoint onedrive google gmail meet
  whatsapp signal telegram messenger facebook instagram linkedin twitter tiktok snapchat indeed glassdoor doctolib
  ameli workday sap salesforce oracle microsoft apple amazon uber deliveroo orange free bouygues sfr renault peugeot
  citroen airbus thales safran sodexo carrefour auchan leclerc lidl intermarche decathlon fnac darty ikea total
  totalenergies engie veolia capgemini atos sopra steria accenture deloitte msurveys qualtrics surveymonkey typeform
  lucca payfit iphone android windows copilot chatgpt internet intranet covid
  direction societe entreprise groupe comite conseil inspection medecine securite prud'hommes prudhommes republique
  etat president presidente ministere prefecture mairie region departement service pole siege agence usine entrepot
  magasin accueil ressources humaines travail sociale sante hopital clinique tribunal justice police gendarmerie
  syndicat confederation federation union assemblee senat gouvernement code convention collective accord
  lundi mardi mercredi jeudi vendredi samedi dimanche janvier fevrier mars avril mai juin juillet aout septembre
  octobre novembre decembre noel paques toussaint ramadan aid pentecote ascension dieu
`);

/**
 * First names that are also everyday words ("rose", "claire", "pierre", "marie" as in "il se
 * marie", "ben" as in "ben oui"): lowercase or at the start of a sentence they are read as words.
 */
export const EVERYDAY_FIRST_NAMES = words(`
  aime aimee ange angelique aurore ambre barbe ben blanche brune capucine celeste cerise claire clement clementine colombe come constance
  constant desire desiree fleur flore france garance germain grace harmonie honore iban iris jade jean juste lilas line
  lise loup lorraine marguerite marie marin marine martial maxime max melodie milan modeste narcisse noel octave olive
  patience pascal pierre prudence prune reine robin roman rose rosette sam satine urbain valentin victoire violette
  auguste felicite florence pascale said tea nais lia aude perle
`);
