/**
 * The follow-up page's own strings, loaded with its chunk so that the submission page does not
 * carry them. French is the reference: its keys define `FollowUpMessages`.
 */
export const fr = {
  title: 'Suivi\u00a0: {title}',
  intro:
    'Tapez le reçu qui s’est affiché après votre témoignage. Il ne quitte pas cet appareil\u00a0: la page en tire une clé qui ouvre les réponses que le syndicat vous a adressées, et qui signe vos messages sans dire qui vous êtes.',
  receipt_label: 'Votre reçu',
  receipt_hint: '20 caractères, avec ou sans tirets ni espaces\u00a0; majuscules et minuscules se valent.',
  open: 'Ouvrir',
  receipt_length: 'Un reçu compte 20 caractères, sans compter les tirets. Vérifiez qu’il n’en manque ni n’en dépasse aucun.',
  receipt_character: 'Ce reçu contient un caractère qui ne figure dans aucun reçu\u00a0: seuls des chiffres et des lettres (sauf U) y apparaissent.',
  receipt_check: 'Ce reçu contient une faute de frappe. Relisez-le caractère par caractère.',
  stage_deriving: 'Ouverture sur cet appareil (quelques secondes)…',
  stage_fetching: 'Recherche des réponses…',
  error_no_webcrypto: 'Ce navigateur ne peut pas tirer la clé du reçu. Essayez un navigateur récent.',
  error_fetch: 'Les réponses n’ont pas pu être chargées. Vérifiez votre connexion, puis réessayez.',

  replies_title: 'Réponses du syndicat',
  no_reply: 'Pas encore de réponse. Revenez dans quelques jours.',
  reply_from: 'Réponse du syndicat, {when}',
  replies_title_unpinned: 'Réponses reçues',
  reply_signed: 'Réponse du {when}, signée par la clé\u00a0:',
  reply_compare:
    'Comparez cette empreinte avec celles imprimées sur le tract\u00a0: si elle n’y figure pas, ce message ne vient pas du syndicat.',
  unverified_one:
    'Un message n’a pas pu être vérifié\u00a0: rien ne prouve qu’il vienne du syndicat. Il n’est pas affiché.',
  unverified_many:
    '{count} messages n’ont pas pu être vérifiés\u00a0: rien ne prouve qu’ils viennent du syndicat. Ils ne sont pas affichés.',
  refresh: 'Vérifier à nouveau',
  forget: 'Oublier le reçu sur cette page',
  forget_hint: 'La page oublie aussi le reçu quand vous la quittez ou la fermez. Elle ne l’enregistre nulle part.',

  add_title: 'Compléter votre témoignage',
  add_label: 'Votre message',
  add_unpinned:
    'Cette page a été ouverte sans le lien du tract\u00a0: elle ne peut pas vérifier les clés du syndicat. Comparez les empreintes ci-dessous avec celles imprimées sur le tract. Votre message sera chiffré pour chacune de ces clés.',
  add_hint:
    'Il est chiffré pour le syndicat comme votre témoignage, et signé avec la clé du reçu pour que le syndicat le rattache à votre témoignage. N’y écrivez pas votre reçu.',
  add_send: 'Chiffrer et envoyer',
  add_sent: 'Merci, votre message est bien arrivé. Il a été effacé de cette page.',
  error_empty: 'Écrivez d’abord votre message.',
  error_receipt: 'N’écrivez pas votre reçu dans le message\u00a0: qui le lirait pourrait lire les réponses qui vous sont adressées. Retirez-le, puis envoyez.',
};

export type FollowUpMessages = { readonly [K in keyof typeof fr]: string };
