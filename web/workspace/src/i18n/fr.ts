/**
 * The workspace's French catalogue, the reference: its keys define `Messages`, and English must
 * provide exactly the same. `{name}` marks a value filled in by `format`.
 */
export const fr = {
  app_name: 'Parole — espace de travail',
  lang_switch: 'English',
  lock: 'Verrouiller',
  offline_note: 'Cet espace fonctionne hors ligne. Rien ne quitte cet ordinateur, sauf quand vous appuyez sur « Synchroniser », et alors seulement du texte chiffré.',

  unlock_title: 'Ouvrir votre clé',
  unlock_intro: 'Choisissez votre fichier de clé (.json) et tapez sa phrase de passe. La clé reste dans cet onglet : la fermer ou verrouiller l’oublie.',
  unlock_file: 'Fichier de clé',
  unlock_drop: 'ou déposez-le ici',
  unlock_passphrase: 'Phrase de passe',
  unlock_submit: 'Ouvrir',
  unlock_busy: 'Ouverture de la clé…',
  unlock_no_file: 'Choisissez d’abord votre fichier de clé.',
  unlock_not_key_file: 'Ce fichier n’est pas un fichier de clé Parole.',
  unlock_wrong_passphrase: 'Phrase de passe incorrecte pour ce fichier de clé.',
  unlock_unusable_key_file: 'Ce fichier de clé est endommagé ou d’une version inconnue.',
  unlocked_as: 'Clé ouverte : {fingerprint}',

  tab_inbox: 'Témoignages',
  tab_tags: 'Étiquettes',
  tab_quotes: 'Citations',
  tab_figures: 'Chiffres',
  tab_export: 'Exporter',
  tab_file: 'Sauvegarde et synchronisation',

  load_title: 'Charger des témoignages',
  load_intro: 'Choisissez un ou plusieurs fichiers de témoignages chiffrés (.ndjson), obtenus par « parole pull » ou par la synchronisation.',
  load_files: 'Fichiers de témoignages',
  load_drop: 'ou déposez-les ici',
  load_progress: 'Déchiffrement : {done} sur {total}',
  load_cancel: 'Annuler',
  load_report: '{added} témoignage(s) ajouté(s).',
  load_duplicates: '{count} déjà chargé(s), ignoré(s).',
  load_not_for_you: '{count} chiffré(s) pour d’autres clés seulement.',
  load_damaged: '{count} endommagé(s) : ils ne s’ouvrent pas.',
  load_bad_lines: '{count} ligne(s) illisible(s).',
  load_not_bundles: 'Pas un fichier de témoignages Parole : {names}.',
  load_failed: 'Le déchiffrement n’a pas pu se faire dans ce navigateur.',

  inbox_empty: 'Aucun témoignage chargé pour l’instant.',
  inbox_search: 'Rechercher',
  inbox_campaign: 'Campagne',
  inbox_tag: 'Étiquette',
  inbox_day_from: 'Du',
  inbox_day_to: 'Au',
  inbox_all: 'Toutes',
  inbox_untagged: 'Sans étiquette',
  inbox_count: '{shown} sur {total}',
  inbox_list: 'Liste des témoignages',
  inbox_none_match: 'Aucun témoignage ne correspond.',
  inbox_pick: 'Choisissez un témoignage dans la liste pour le lire.',
  reader_title: 'Témoignage n° {id}',
  reader_meta: 'Campagne {campaign} · reçu le {day} · écrit en {locale}',
  locale_fr: 'français',
  locale_en: 'anglais',
};

export type Messages = { readonly [K in keyof typeof fr]: string };
export type MessageKey = keyof Messages;
