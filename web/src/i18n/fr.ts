/**
 * French is the reference catalogue: its keys define `Messages`, and every other locale must
 * provide exactly the same keys. `{name}` marks a value filled in by `format`.
 */
export const fr = {
  app_name: 'Parole',
  lang_switch: 'English',
  loading: 'Chargement…',
  page_title: '{title} — Parole',

  not_found_title: 'Page introuvable',
  not_found_body: 'Vérifiez l’adresse imprimée sur le tract.',

  load_failed_title: 'Cette page n’a pas pu s’afficher',
  load_unknown_campaign: 'Cette campagne n’existe pas ou n’est plus ouverte. Vérifiez l’adresse imprimée sur le tract.',
  load_network: 'Impossible de joindre le serveur. Vérifiez votre connexion, puis rechargez la page.',
  load_server: 'Le serveur a rencontré un problème. Réessayez plus tard.',

  campaign_closed: 'Cette campagne est terminée : elle ne reçoit plus de témoignages.',
  campaign_upcoming: 'Cette campagne n’est pas encore ouverte. Vous pourrez témoigner à partir du {day}.',
  campaign_closes: 'Vous pouvez témoigner jusqu’au {day} inclus.',
  followup_link: 'Vous avez déjà témoigné et gardé un reçu\u00a0? Lire les réponses du syndicat',

  redirect_title: 'Attention : un intermédiaire a pu enregistrer votre visite',
  redirect_body:
    'Cette page a été ouverte par une redirection ou par un lien contenant des paramètres de suivi (comme les liens d’enquête personnalisés envoyés par courriel). L’expéditeur de ce lien a pu noter que vous l’avez ouvert.',
  redirect_advice: 'Pour revenir plus tard, tapez vous-même cette adresse propre :',
  redirect_stripped: 'Les paramètres ont été retirés de la barre d’adresse.',

  how_title: 'Ce qui arrive à votre texte',
  how_encrypt:
    'Votre texte est chiffré sur cet appareil, avant tout envoi, avec la clé publique du syndicat. Seules les personnes déléguées qui détiennent la clé correspondante peuvent le lire.',
  how_server:
    'Le serveur ne conserve que le texte chiffré et le jour de l’envoi. Il n’enregistre ni votre adresse IP, ni l’heure exacte, et ne dépose aucun cookie.',
  how_device:
    'Conseil : utilisez votre téléphone personnel, pas un appareil ni le réseau (Wi-Fi, VPN) de l’entreprise, et tapez vous-même l’adresse de cette page.',
  how_details: 'Évitez les détails qui permettraient de vous reconnaître : nom, poste unique, dates précises.',
  how_transparency: 'Voir exactement ce que le serveur enregistre',

  keys_title: 'Clés du syndicat',
  keys_intro_pinned:
    'Le lien que vous avez suivi indique les empreintes attendues. Votre texte sera chiffré uniquement pour les clés qui y correspondent.',
  keys_intro_unpinned:
    'Comparez ces empreintes avec celles imprimées sur le tract. Votre texte sera chiffré pour chacune de ces clés.',
  key_pinned: 'vérifiée : correspond au lien',
  key_excluded: 'absente du lien : ne recevra pas votre texte',
  key_unverified: 'non vérifiée par le lien',
  key_refused: 'refusée : la clé ne correspond pas à l’empreinte annoncée par le serveur',
  pin_missing: 'Empreinte attendue par le lien mais absente du serveur : {fp}',
  pin_unreadable: 'Le lien contient une empreinte illisible ; elle est ignorée.',
  pin_error:
    'Aucune clé proposée par le serveur ne correspond aux empreintes du lien. Par précaution, rien ne sera chiffré ni envoyé : le serveur montre peut-être une autre clé que celle imprimée sur le tract. Prévenez le syndicat.',
  no_keys_error: 'Aucune clé utilisable n’est disponible : rien ne peut être chiffré ni envoyé.',

  form_title: 'Votre témoignage',
  form_label: 'Votre texte',
  form_hint: 'Écrivez librement. Rien ne part avant que vous appuyiez sur «\u00a0Chiffrer et envoyer\u00a0».',
  form_hint_questions:
    'Racontez ici ce que les questions ne disent pas. Facultatif si vous avez répondu à au moins une question. Rien ne part avant que vous appuyiez sur «\u00a0Chiffrer et envoyer\u00a0».',
  questions_title: 'Questions',
  questions_intro: 'Vos réponses sont chiffrées avec votre texte : le serveur ne les voit pas.',
  required: '(obligatoire)',
  scale_hint: 'De 1 (le moins) à 5 (le plus).',
  answer_clear: 'Retirer ma réponse',
  answer_required: 'Cette question est obligatoire.',
  answer_too_long: 'Cette réponse est trop longue.',
  answer_invalid: 'Cette réponse n’est pas valable : choisissez parmi les propositions.',
  receipt_label: 'Je veux un reçu pour lire les réponses du syndicat',
  receipt_hint:
    'Un code s’affichera une seule fois après l’envoi\u00a0: avec lui, sans dire qui vous êtes, vous pourrez lire les réponses du syndicat et compléter votre témoignage.',
  personal_hint: 'Votre texte semble contenir {kinds}. Si vous ne voulez pas être reconnu·e, retirez-les ou remplacez-les (par exemple «\u00a0mon chef\u00a0» plutôt que son nom).',
  personal_name: 'un nom',
  personal_email: 'une adresse e-mail',
  personal_phone: 'un numéro de téléphone',
  personal_nir: 'un numéro de sécurité sociale',
  personal_iban: 'un IBAN',
  personal_siret: 'un numéro SIRET',
  personal_plate: 'une plaque d’immatriculation',
  personal_address: 'une adresse',
  personal_postcode: 'un code postal',
  personal_date: 'une date précise',
  personal_time: 'une heure précise',
  personal_employee_id: 'un matricule ou un numéro de badge',
  personal_ip: 'une adresse IP',
  personal_url_token: 'un lien personnel',
  size_used: '{percent}\u00a0% de la longueur maximale',
  size_over: 'Texte trop long : retirez environ {over} caractères.',
  send: 'Chiffrer et envoyer',
  trap_label: 'Ne remplissez pas ce champ',

  stage_deriving: 'Préparation du reçu sur cet appareil (quelques secondes)…',
  stage_encrypting: 'Chiffrement sur cet appareil…',
  stage_proving: 'Votre appareil fait un petit calcul qui protège le syndicat des envois en masse…',
  stage_sending: 'Envoi du texte chiffré…',
  stage_rekeying: 'Les clés du syndicat ont changé : nouveau chiffrement…',

  error_empty: 'Écrivez d’abord votre témoignage.',
  error_empty_questions: 'Écrivez votre témoignage ou répondez à au moins une question.',
  error_too_short: 'Votre témoignage est très court\u00a0: écrivez au moins {min}\u00a0caractères.',
  error_receipt:
    'Le reçu n’a pas pu être préparé sur cet appareil. Rien n’a été envoyé. Décochez la case du reçu pour envoyer sans reçu.',
  error_campaign_closed:
    'La campagne vient de se terminer : votre texte n’a pas été enregistré. Il est toujours sur cette page, vous seul·e le voyez.',
  error_too_long: 'Le texte est trop long. Rien n’a été envoyé.',
  error_no_random:
    'Ce navigateur ne fournit pas de générateur aléatoire sûr : le chiffrement est impossible. Rien n’a été envoyé. Essayez un navigateur récent.',
  error_encrypt: 'Le chiffrement a échoué sur cet appareil. Rien n’a été envoyé.',
  error_no_recipients: 'Aucune clé utilisable : rien n’a été chiffré ni envoyé.',
  error_pin: 'Les clés du serveur ne correspondent pas aux empreintes du lien : rien n’a été chiffré ni envoyé.',
  error_network: 'Envoi impossible : le serveur ne répond pas. Votre texte est toujours là ; réessayez.',
  error_invalid_envelope: 'Le serveur a refusé le message chiffré. Rien n’a été enregistré ; réessayez.',
  error_unknown_campaign: 'Cette campagne est close. Rien n’a été enregistré.',
  error_too_large: 'Le serveur a refusé un message trop gros. Rien n’a été enregistré ; raccourcissez le texte.',
  error_busy: 'Beaucoup de témoignages arrivent en ce moment. Rien n’a été enregistré\u00a0; votre texte est toujours là. Réessayez dans une minute.',
  error_stale_keyring: 'Les clés du syndicat ont encore changé pendant l’envoi. Rien n’a été enregistré ; rechargez la page.',
  error_proof: 'Le serveur a refusé deux fois le calcul de protection. Rien n’a été enregistré\u00a0; votre texte est toujours là, réessayez.',
  error_server: 'Le serveur a rencontré un problème. Rien n’a été enregistré ; réessayez plus tard.',

  confirmation_title: 'Merci, votre témoignage est bien arrivé',
  confirmation_body:
    'Il a été chiffré sur cet appareil puis enregistré. Seules les personnes déléguées du syndicat pourront le lire. Le texte a été effacé de cette page.',
  confirmation_advice: 'Vous pouvez fermer cet onglet.',
  write_another: 'Écrire un autre témoignage',
};

export type Messages = { readonly [K in keyof typeof fr]: string };
export type MessageKey = keyof Messages;
