"""What ingestion tells a reader about a document it could not read: a code and a French message.

``documents.error_code`` keeps a stable English snake_case code (filter and count on it);
``documents.error`` keeps a French message for a reviewer who is not a programmer: what went
wrong with the file and what to do. The library's own wording (pypdf, zipfile, the OS), English
and technical, goes to ``metadata["error_detail"]`` for whoever debugs. Every message a document
can get is here, in one place, so that the wording stays consistent: "document", "fichier",
"proposition", "ligne" (of a table); typography as the report's (an ordinary space before
« : » and « ; », « guillemets »).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from textmine.ingest.model import IngestedDocument

# The formats a user can convert an unreadable file to (all read by textmine).
_CONVERT_TO = "PDF, DOCX, ODT, HTML ou TXT"

MESSAGES: dict[str, str] = {
    # --- finding the files (discover.py) ---
    "corpus_not_found": (
        "Corpus introuvable : « {root} » n'existe pas. Vérifiez le chemin du dossier ou du "
        "fichier indiqué et relancez."
    ),
    "corpus_readme": "README du corpus : il décrit le corpus et n'est pas analysé.",
    "symlink_loop": (
        "Lien symbolique qui tourne en boucle : non suivi. Remplacez-le par le fichier lui-même."
    ),
    "symlink_broken": (
        "Lien symbolique cassé : le fichier qu'il désigne n'existe plus. Remplacez-le par le "
        "fichier lui-même ou supprimez-le."
    ),
    "symlink_outside": (
        "Lien symbolique vers un fichier hors du corpus : non suivi. Copiez le fichier dans le "
        "dossier du corpus pour l'analyser."
    ),
    "symlink_folder": (
        "Lien symbolique vers un dossier : non suivi. Copiez le dossier dans le corpus pour "
        "l'analyser."
    ),
    "symlink_not_followed": (
        "Lien symbolique : non suivi, car ingest.follow_symlinks_inside_corpus est désactivé."
    ),
    "not_regular_file": "Ce n'est pas un fichier ordinaire (périphérique, tube…) : non lu.",
    "hidden_file": "Fichier caché (son nom commence par un point) : non lu.",
    "unsupported_extension": (
        "Extension « {extension} » non prise en charge : le fichier n'est pas lu. Enregistrez-le "
        f"en {_CONVERT_TO} pour l'analyser."
    ),
    "cannot_open_file": (
        "Le fichier ne peut pas être ouvert (droits insuffisants, ou fichier déplacé ou supprimé "
        "pendant la lecture) : vérifiez qu'il est toujours là et lisible, puis relancez."
    ),
    "file_too_large": (
        "Fichier trop volumineux ({size}, au-delà de la limite de {limit}, "
        "ingest.max_file_bytes) : découpez-le en plusieurs fichiers ou relevez cette limite."
    ),
    # --- reading a file (corpus.py) ---
    "out_of_memory": (
        "Fichier trop volumineux pour être lu en mémoire : découpez-le en plusieurs fichiers "
        "et relancez."
    ),
    "too_deeply_nested": (
        "Structure du fichier anormalement imbriquée : il n'a pas pu être lu. Ouvrez-le et "
        "enregistrez-le à nouveau, ou convertissez-le en PDF."
    ),
    "unexpected_error": (
        "Erreur inattendue pendant la lecture : le fichier n'a pas été lu. Transmettez-le à "
        "l'équipe technique (le détail est dans la colonne metadata, clé error_detail)."
    ),
    "empty_file": "Fichier vide : il ne contient rien à analyser.",
    "no_text": "Aucun texte trouvé : le document est vide ou ne contient que des espaces.",
    "text_truncated": (
        "Texte tronqué à {limit} caractères (ingest.max_doc_chars) : la fin du document n'est "
        "pas analysée. Découpez-le ou relevez cette limite."
    ),
    "unsupported_format": (
        f"Format « {{format}} » non pris en charge : convertissez le fichier en {_CONVERT_TO}."
    ),
    "metadata_no_path_column": (
        "{file} n'a pas de colonne « path » : ses métadonnées sont ignorées. Ajoutez une "
        "colonne path qui donne le chemin de chaque document."
    ),
    "metadata_unreadable": (
        "{file} ne peut pas être lu : ses métadonnées sont ignorées. Enregistrez-le en CSV "
        "(UTF-8) et relancez."
    ),
    # --- text, encodings and front matter (text.py) ---
    "invalid_utf16": (
        "Texte UTF-16 abîmé : le fichier ne peut pas être décodé. Ouvrez-le et enregistrez-le "
        "en UTF-8, puis relancez."
    ),
    "binary_content": (
        "Le fichier contient des données binaires, pas du texte : vérifiez son extension, ou "
        "enregistrez-le en texte (UTF-8)."
    ),
    "unknown_encoding": (
        "Encodage des caractères impossible à reconnaître (contenu binaire ou abîmé) : "
        "enregistrez le fichier en UTF-8 et relancez."
    ),
    "not_text": (
        "Le contenu ne ressemble pas à du texte (décodé en {encoding}, il reste illisible) : "
        "enregistrez le fichier en UTF-8 et relancez."
    ),
    "front_matter_invalid": (
        "L'en-tête YAML du fichier (entre les lignes ---) est mal écrit{where} : il est laissé "
        "hors du texte. Corrigez sa syntaxe pour que titre et date soient lus."
    ),
    "front_matter_too_large": (
        "L'en-tête YAML du fichier est trop volumineux ou trop imbriqué : son contenu n'est pas "
        "repris dans le texte. Simplifiez-le pour qu'il soit analysé."
    ),
    # --- web pages (html.py) ---
    "not_html": (
        "Le fichier porte l'extension .html mais ne contient aucune balise HTML : vérifiez son "
        "format, ou renommez-le en .txt."
    ),
    "html_unreadable": (
        "La page HTML ne peut pas être analysée : enregistrez-la à nouveau depuis le navigateur "
        "ou convertissez-la en PDF."
    ),
    # --- office files (office.py) ---
    "docx_corrupt": (
        "Le document Word (DOCX) est abîmé ou n'en est pas un : ouvrez-le dans Word ou "
        "LibreOffice, enregistrez-le à nouveau en .docx et relancez."
    ),
    "odt_corrupt": (
        "Le document OpenDocument (ODT) est abîmé : ouvrez-le dans LibreOffice, "
        "enregistrez-le à nouveau en .odt et relancez."
    ),
    "not_rtf": (
        "Le fichier porte l'extension .rtf mais n'est pas un document RTF : vérifiez son "
        "format, ou enregistrez-le en DOCX."
    ),
    "rtf_corrupt": (
        "Le document RTF est abîmé : ouvrez-le et enregistrez-le à nouveau, en DOCX de "
        "préférence, puis relancez."
    ),
    "office_xml_entities": (
        "Le fichier déclare des entités XML (« {part} ») que les documents bureautiques "
        "n'utilisent jamais et qui peuvent saturer la mémoire : refusé. Ouvrez-le et "
        "enregistrez-le à nouveau dans Word ou LibreOffice."
    ),
    # --- zip containers (archive.py) ---
    "zip_corrupt": (
        "Le fichier est abîmé ou incomplet, il ne s'ouvre pas : téléchargez-le ou "
        "enregistrez-le à nouveau, puis relancez."
    ),
    "archive_too_many_members": (
        "L'archive contient {count} fichiers, au-delà de la limite de {limit} : découpez-la en "
        "plusieurs archives."
    ),
    "archive_too_large": (
        "Une fois décompressé, le fichier ferait {size}, au-delà de la limite de {limit} "
        "(ingest.max_archive_bytes) : c'est peut-être une « bombe zip ». S'il est légitime, "
        "relevez cette limite."
    ),
    "archive_ratio": (
        "« {member} » est compressé plus de {ratio} fois : c'est peut-être une « bombe zip ». "
        "Non lu."
    ),
    "archive_member_unreadable": (
        "« {member} » ne peut pas être extrait de l'archive (abîmé, ou compressé d'une façon "
        "non prise en charge) : décompressez l'archive et placez ses fichiers dans le corpus."
    ),
    "archive_member_oversized": (
        "« {member} » est plus grand que l'archive ne l'annonce (peut-être une « bombe zip ») : "
        "non lu."
    ),
    "archive_unsafe_path": (
        "Chemin dangereux dans l'archive (il en sortirait) : ce fichier n'est pas lu."
    ),
    "archive_member_encrypted": (
        "Fichier de l'archive protégé par un mot de passe : non lu. Décompressez l'archive "
        "avec son mot de passe et placez ses fichiers dans le corpus."
    ),
    "archive_nested": (
        "Archive contenue dans une archive : non lue. Décompressez-la et placez ses fichiers "
        "dans le corpus."
    ),
    "archive_empty": "L'archive ne contient aucun fichier : rien à analyser.",
    "archive_member_not_read": "Ce fichier de l'archive n'a pas pu être lu.",
    # --- PDF (pdf.py) ---
    "not_pdf": (
        "Le fichier porte l'extension .pdf mais n'est pas un PDF : ouvrez-le pour vérifier son "
        "format, puis enregistrez-le en PDF et relancez."
    ),
    "pdf_password": (
        "Le fichier est protégé par un mot de passe : enregistrez-le sans mot de passe et relancez."
    ),
    "pdf_encrypted": (
        "Le PDF est chiffré d'une façon qui empêche de l'ouvrir : enregistrez-le sans "
        "protection (ou imprimez-le en PDF) et relancez."
    ),
    "pdf_corrupt": (
        "Le PDF est abîmé ou incomplet (téléchargement interrompu ?) : téléchargez-le ou "
        "enregistrez-le à nouveau, puis relancez."
    ),
    "pdf_no_text": (
        "Le PDF n'a pas de couche de texte ({pages} pages, {chars} caractères) : c'est sans "
        "doute un document scanné. Passez-le à la reconnaissance de caractères (OCR, par "
        "exemple avec ocrmypdf) et relancez."
    ),
    "pdf_pages_limited": (
        "Seules les {limit} premières pages sur {pages} ont été lues (ingest.max_pdf_pages)."
    ),
    "pdf_pages_failed": (
        "Le texte de certaines pages n'a pas pu être extrait (pages {pages}) : elles manquent à "
        "l'analyse."
    ),
    # --- tables: CSV, TSV, JSON, JSON Lines, XLSX (tables.py) ---
    "column_not_found": (
        "La colonne « {column} » indiquée dans ingest.{setting} n'existe pas dans ce tableau : "
        "corrigez ce réglage. Colonnes présentes : {columns}."
    ),
    "no_text_column": (
        "Aucune colonne de texte reconnue parmi les colonnes {columns} : indiquez celle qui "
        "contient le texte dans ingest.text_column."
    ),
    "table_no_header": "Tableau vide : il n'a pas même de ligne d'en-tête.",
    "table_bad_header": (
        "Ligne d'en-tête mal formée : vérifiez que le fichier est bien un CSV (guillemets, "
        "séparateur) et relancez."
    ),
    "table_empty_header": "Ligne d'en-tête vide : la première ligne doit nommer les colonnes.",
    "table_no_rows": "Le tableau n'a aucune ligne de données : rien à analyser.",
    "row_malformed": (
        "Ligne {line} mal formée (guillemet non fermé ?) : ligne non lue. Corrigez-la dans le "
        "tableur et relancez."
    ),
    "row_field_count": (
        "Ligne {line} : {found} champs alors que l'en-tête en a {expected} (séparateur "
        "« {delimiter} ») ; ligne non lue. Vérifiez ses guillemets et ses séparateurs."
    ),
    "row_empty_text": "Colonne de texte « {column} » vide sur cette ligne : rien à analyser.",
    "jsonl_empty": "Fichier JSON Lines vide : rien à analyser.",
    "jsonl_no_object": (
        "Aucune ligne du fichier n'est un objet JSON valide (première erreur : {first})"
    ),
    "jsonl_invalid_line": (
        "Ligne {line} : le JSON est mal écrit ; ligne non lue. Corrigez-la et relancez."
    ),
    "json_row_not_object": "{where} : ce n'est pas un objet JSON ; non lu.",
    "json_invalid": (
        "JSON mal écrit à la ligne {line} (virgule, guillemet ou accolade manquant ?) : "
        "corrigez le fichier et relancez."
    ),
    "json_bad_shape": (
        "Le JSON n'est ni une liste d'objets ni un objet : exportez-le en liste d'objets (un "
        "par ligne du tableau) ou en CSV."
    ),
    "json_no_object": "La liste JSON ne contient aucun objet : rien à analyser.",
    "xlsx_corrupt": (
        "Le classeur Excel (XLSX) est abîmé ou illisible : ouvrez-le et enregistrez-le à "
        "nouveau en .xlsx, ou exportez-le en CSV."
    ),
    "xlsx_empty": "Feuille de calcul vide : rien à analyser.",
    # --- consultation exports (consultation.py) ---
    "row_unpublished": (
        "Ligne dépubliée sur la plateforme (colonne {column} {value}) : écartée (ingest.skip_rows)."
    ),
    "row_trashed": (
        "Ligne mise à la corbeille sur la plateforme (colonne {column} = {value}) : écartée "
        "(ingest.skip_rows)."
    ),
    "row_moderated": (
        "Ligne modérée sur la plateforme (colonne {column} = {value}) : écartée (ingest.skip_rows)."
    ),
    "reply_to_skipped": (
        "Cette ligne répond à {column} « {target} », qui est écartée : elle l'est aussi "
        "(ingest.skip_rows)."
    ),
    "reply_target_missing": (
        "Cette ligne répond à {column} « {target} », introuvable dans les tableaux de son "
        "dossier : elle n'est rattachée à rien. Vérifiez cet identifiant."
    ),
    # --- language routing (document_keys.py) ---
    "language_unsupported": (
        "Langue « {language} » sans modèle spaCy installé : document non analysé. Pour "
        "l'analyser, installez le modèle de cette langue et déclarez-le dans nlp.other_models."
    ),
}


@dataclass(frozen=True, slots=True)
class Problem:
    """A code (English snake_case, stable) and the French message a reader sees."""

    code: str
    message: str
    detail: str | None = None  # the library's own words, for whoever debugs


def problem(code: str, detail: object = None, **values: Any) -> Problem:
    """The problem ``code`` with its message filled in (a KeyError for an unknown code)."""
    return Problem(code, MESSAGES[code].format(**values), str(detail) if detail else None)


def size_in_french(n_bytes: int) -> str:
    """A size as a reader says it: "12,5 Mo" (1 Mo = 1,048,576 bytes, as file managers show)."""
    for unit, scale in (("Go", 1 << 30), ("Mo", 1 << 20), ("ko", 1 << 10)):
        if n_bytes >= scale:
            return f"{n_bytes / scale:.1f}".replace(".", ",") + f" {unit}"
    return f"{n_bytes} octets"


def number_in_french(n: int) -> str:
    """An integer with a space between thousands: "1 000 000" (an ordinary space, as the report)."""
    return f"{n:,}".replace(",", " ")


def set_problem(doc: IngestedDocument, found: Problem) -> None:
    """Give ``doc`` this problem as its only one (its code, message and detail)."""
    doc.error_code, doc.error = found.code, found.message
    if found.detail:
        doc.metadata["error_detail"] = found.detail


def add_problem(doc: IngestedDocument, found: Problem) -> None:
    """Add a problem to those ``doc`` has: messages joined by a space, codes by ";"."""
    if not doc.error:
        set_problem(doc, found)
        return
    doc.error = f"{doc.error} {found.message}"
    doc.error_code = f"{doc.error_code};{found.code}" if doc.error_code else found.code
    if found.detail:
        doc.metadata["error_detail"] = found.detail


def set_problems(doc: IngestedDocument, found: list[Problem]) -> None:
    """Give ``doc`` these problems (warnings of an ``ok`` document), each once, in order."""
    unique = list({p.code + p.message: p for p in found}.values())
    doc.error = " ".join(p.message for p in unique)
    doc.error_code = ";".join(dict.fromkeys(p.code for p in unique))
    details = [p.detail for p in unique if p.detail]
    if details:
        doc.metadata["error_detail"] = "; ".join(details)
