"""Every message the rule validator can print, in French.

One catalogue so that the guide for the academy staff lists them all, each
with how to fix it, and the tests assert them word for word.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Message:
    modele: str
    correction: str


MESSAGES = {
    # YAML syntax and the strict loader
    "yaml_syntaxe": Message(
        "syntaxe YAML invalide : {detail}",
        "Vérifiez l'indentation (des espaces, jamais de tabulation) et les guillemets autour de la ligne indiquée.",
    ),
    "yaml_cle_double": Message(
        "clé « {cle} » en double (déjà définie ligne {ligne})",
        "Supprimez ou renommez l'une des deux clés : YAML garderait silencieusement la seconde.",
    ),
    "yaml_balise": Message(
        "balise YAML « {balise} » non autorisée",
        "Retirez la balise (les valeurs s'écrivent sans « !! »).",
    ),
    "yaml_fusion": Message(
        "la fusion YAML « << » n'est pas autorisée",
        "Recopiez les clés voulues : chaque règle doit se lire seule.",
    ),
    "yaml_cle_non_texte": Message(
        "la clé « {cle} » doit être un texte",
        "Écrivez la clé entre guillemets ou en lettres.",
    ),
    "yaml_vide": Message(
        "fichier vide",
        "Le fichier doit contenir un objet YAML (des clés et leurs valeurs).",
    ),
    "fichier_illisible": Message(
        "fichier illisible : {detail}",
        "Enregistrez le fichier en UTF-8.",
    ),
    "fichier_inconnu": Message(
        "fichier de règles inconnu ; {proposition}",
        "Renommez le fichier ou supprimez-le.",
    ),
    "fichier_manquant": Message(
        "fichier de règles manquant : {fichier}",
        "Recopiez ce fichier depuis l'édition précédente.",
    ),
    "edition_introuvable": Message(
        "édition introuvable : {chemin}",
        "Donnez le dossier d'une édition, par exemple rules/2026.",
    ),
    # JSON Schema
    "schema_requis": Message(
        "clé obligatoire manquante : « {cle} »",
        "Ajoutez la clé indiquée à cet endroit.",
    ),
    "schema_cle_inconnue": Message(
        "clé inconnue « {cle} » ; {proposition}",
        "Corrigez l'orthographe de la clé ou supprimez-la.",
    ),
    "schema_enum": Message(
        "valeur « {valeur} » non permise ; {proposition}",
        "Choisissez l'une des valeurs permises.",
    ),
    "schema_type": Message(
        "type attendu : {attendu} ; trouvé : {trouve}",
        "Un texte s'écrit entre guillemets, un nombre sans guillemets, un booléen true ou false.",
    ),
    "schema_motif": Message(
        "« {valeur} » ne respecte pas le format attendu ({motif})",
        "Corrigez la valeur pour qu'elle suive le format indiqué.",
    ),
    "schema_min_elements": Message(
        "la liste doit compter au moins {nombre}",
        "Complétez la liste.",
    ),
    "schema_max_elements": Message(
        "la liste doit compter au plus {nombre}",
        "Raccourcissez la liste.",
    ),
    "schema_texte_vide": Message(
        "texte vide",
        "Écrivez le texte ou supprimez la clé.",
    ),
    "schema_minimum": Message(
        "valeur {valeur} inférieure au minimum {min}",
        "Corrigez la valeur.",
    ),
    "schema_maximum": Message(
        "valeur {valeur} supérieure au maximum {max}",
        "Corrigez la valeur.",
    ),
    "schema_unique": Message(
        "la liste contient des doublons",
        "Retirez les valeurs répétées.",
    ),
    "schema_forme": Message(
        "forme non reconnue ; attendu : {detail}",
        "Comparez avec un élément voisin correct du même fichier.",
    ),
    "schema_autre": Message(
        "valeur invalide : {detail}",
        "Comparez avec un élément voisin correct du même fichier.",
    ),
    # Cross references
    "ref_inconnue": Message(
        "{quoi} « {valeur} » introuvable ; {proposition}",
        "Corrigez l'identifiant (les plus proches sont proposés), ou ajoutez-le dans le fichier indiqué.",
    ),
    "id_double": Message(
        "identifiant « {id} » en double (déjà utilisé ligne {ligne})",
        "Chaque identifiant doit être unique : renommez l'un des deux.",
    ),
    "date_invalide": Message(
        "date « {valeur} » invalide ; format attendu : AAAA-MM-JJ",
        'Écrivez la date entre guillemets, par exemple "2025-11-19".',
    ),
    "date_hors_annee": Message(
        "date {valeur} hors de l'année scolaire de l'édition ({debut} – {fin})",
        "Corrigez la date, ou l'année scolaire dans edition.yaml.",
    ),
    "valeur_introuvable": Message(
        "référence « {{{ref}}} » introuvable dans les règles",
        "Donnez le chemin d'une valeur existante : fichier.clé.identifiant…",
    ),
    "valeur_non_nombre": Message(
        "« plus » ou « moins » demande des nombres, mais « {ref} » n'en est pas un",
        "Citez une valeur numérique, ou retirez « plus » / « moins ».",
    ),
    "champ_lu_trop_tot": Message(
        "une condition de « {champ} » lit le champ « {lu} », qui est déclaré après lui dans profil.yaml",
        "Une question ne peut dépendre que des questions placées avant elle : déplacez « {lu} » plus haut, ou changez la condition.",
    ),
    "liste_introuvable": Message(
        "« {chemin} » ne désigne aucune liste des règles",
        "Donnez le chemin d'une liste : fichier.clé (par exemple categories.categories).",
    ),
    "colonne_inconnue": Message(
        "« {valeur} » n'est pas une colonne du tableau « {champ} » ; {proposition}",
        "Écrivez ligne.<colonne> avec une colonne déclarée dans « colonnes ».",
    ),
    "condition_valeur": Message(
        "valeur « {valeur} » impossible pour le champ « {champ} » ; {proposition}",
        "Choisissez une valeur que le profil peut prendre (les plus proches sont proposées).",
    ),
    "fuseau_inconnu": Message(
        "fuseau horaire « {valeur} » inconnu ; vouliez-vous dire {proches} ?",
        "Donnez un nom de fuseau IANA, qui porte le nom d'une ville de référence et non de l'académie : « Europe/Paris » pour la métropole, « America/Martinique », « Indian/Reunion »…",
    ),
    "fuseau_inconnu_sans_proche": Message(
        "fuseau horaire « {valeur} » inconnu",
        "Donnez un nom de fuseau IANA, qui porte le nom d'une ville de référence et non de l'académie : « Europe/Paris » pour la métropole, « America/Martinique », « Indian/Reunion »…",
    ),
    "langue_retiree_offerte": Message(
        "la langue « {langue} » est à la fois offerte et retirée",
        "Retirez-la de l'une des deux listes.",
    ),
    "piece_inaccessible": Message(
        "la pièce « {id} » ne s'applique à aucun profil possible",
        "Vérifiez sa condition : une valeur ou une combinaison impossible la rend inutile.",
    ),
    "piece_sans_motif": Message(
        "la pièce « {id} » peut s'appliquer sans motif",
        "Ajoutez un « motif » à sa condition.",
    ),
    "citation_a_confirmer": Message(
        "avertissement : source reprise de l'édition précédente, qui cite « {court} » ({texte}), à confirmer ({chemin})",
        "Citez le document de la nouvelle édition (ajouté dans textes.yaml) et vérifiez la « section », ou gardez la source si elle vaut encore ; "
        "puis retirez sa ligne de « a_confirmer » dans edition.yaml.",
    ),
    "texte_a_relire": Message(
        "avertissement : texte repris de l'édition précédente, qui nomme sa session ou ses dates, à relire : « {extrait} » ({chemin})",
        "Mettez le texte à jour pour la nouvelle session (ou gardez-le s'il vaut encore), puis retirez sa ligne de « a_confirmer » dans edition.yaml.",
    ),
    "a_confirmer": Message(
        "avertissement : valeur « {valeur} » reprise de l'édition précédente et décalée d'un an, à confirmer ({chemin})",
        "Vérifiez la valeur dans le document de l'académie, corrigez-la si besoin, puis retirez sa ligne de « a_confirmer » dans edition.yaml.",
    ),
    "nouveautes_a_rediger": Message(
        "avertissement : nouveautés de l'édition à rédiger ; la page « Nouveautés » les dit « à confirmer » ({chemin})",
        "Écrivez sous « notes » de nouveautes.yaml les nouveautés du nouveau document de l'académie, puis retirez « a_rediger » de nouveautes.yaml et sa ligne de « a_confirmer » dans edition.yaml.",
    ),
    "confirmer_inconnu": Message(
        "« {valeur} » dans « a_confirmer » ne désigne aucune valeur des règles",
        "Retirez cette ligne, ou corrigez le chemin (fichier.clé.identifiant…).",
    ),
    "publication_refusee": Message(
        "publication refusée : {message}",
        "Confirmez chaque valeur (voir l'avertissement ci-dessus), puis relancez la construction pour publication.",
    ),
    "edition_dossier": Message(
        "le dossier s'appelle « {dossier} » mais edition.yaml indique l'édition « {edition} »",
        "Faites correspondre le nom du dossier et la clé « edition ».",
    ),
    # What the validator could not check, printed after the errors (remarks, not errors)
    "verification_sautee": Message(
        "{fichier} : {raison}, ses références ne sont pas vérifiées (ni celles des autres fichiers vers lui)",
        "Corrigez d'abord l'erreur de ce fichier ; la vérification suivante contrôlera ses références.",
    ),
    "verification_interrompue": Message(
        "{quoi} : vérification incomplète, à cause des erreurs de {fichiers} ; elle sera complète une fois ces erreurs corrigées",
        "Corrigez les erreurs des fichiers indiqués, puis relancez la vérification.",
    ),
    "couverture_sautee": Message(
        "couverture des pièces (chaque pièce s'applique à un profil possible, avec un motif) non vérifiée : {raison}",
        "Corrigez les erreurs ci-dessus, puis relancez la vérification.",
    ),
}


def texte(code: str, **valeurs) -> str:
    return MESSAGES[code].modele.format(**valeurs)
