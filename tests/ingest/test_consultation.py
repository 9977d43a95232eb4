"""Consultation exports: roles of rows, typed variables, replies attached across tables."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from textmine.config import IngestConfig
from textmine.ingest import documents_frame, ingest_corpus


def _write(folder: Path, name: str, text: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")


def _by_row(docs):
    return {(d.path.rsplit("/", 1)[-1], d.source_id): d for d in docs if d.source_id}


def test_cap_collectif_csv_arguments_are_attached_with_their_stance(tmp_path):
    """The shape of the rua export: proposals.csv and arguments.csv pointing to them."""
    _write(
        tmp_path,
        "proposals.csv",
        "proposal_id,section_label,title,text,votes_ok,votes_mitige,votes_nok,published,trashed,created_at\n"
        "p1,1. Les conditions,Un revenu dès 18 ans,Ouvrir le revenu aux jeunes de 18 ans.,63,5,12,1,,07/10/2019 15:47\n"
        "p2,3. Le financement,Taxer les transactions,Financer par une taxe sur les transactions.,4,1,9,1,,08/10/2019 16:20\n"
        "p3,3. Le financement,Brouillon,Un texte jamais publié.,0,0,0,,,09/10/2019 10:00\n",
    )
    _write(
        tmp_path,
        "arguments.csv",
        "argument_id,proposal_id,stance,text,votes_count,published,trashed,created_at\n"
        "a1,p1,pour,Les jeunes sont les plus précaires.,3,1,,20/11/2019 00:19\n"
        "a2,p1,contre,Cela découragerait les études.,1,1,,20/11/2019 01:00\n"
        "a3,p2,pour,La spéculation doit contribuer.,0,1,,21/11/2019 09:00\n"
        "a4,p3,pour,Réponse à un brouillon.,0,1,,21/11/2019 10:00\n"
        "a5,p9,contre,Réponse à une proposition disparue.,0,1,,21/11/2019 11:00\n",
    )
    docs = ingest_corpus(tmp_path, IngestConfig())
    rows = _by_row(docs)
    p1, a1, a2 = (
        rows["proposals.csv", "p1"],
        rows["arguments.csv", "a1"],
        rows["arguments.csv", "a2"],
    )
    assert p1.doc_type == "contribution" and a1.doc_type == "argument"
    assert (a1.parent_doc_id, a1.link_status, a1.stance) == (p1.doc_id, "attached", "pour")
    assert a2.stance == "contre" and a1.section == "1. Les conditions"  # the proposal's section
    assert (p1.votes_for, p1.votes_mixed, p1.votes_against, p1.votes) == (63, 5, 12, 80)
    assert p1.section == "1. Les conditions" and p1.posted_date == dt.date(2019, 10, 7)
    assert rows["proposals.csv", "p3"].status == "skipped"
    a4 = rows["arguments.csv", "a4"]
    assert (a4.status, a4.link_status) == ("skipped", "target_skipped")
    assert a4.error_code == "reply_to_skipped"
    assert "répond à proposal_id « p3 », qui est écartée" in a4.error
    a5 = rows["arguments.csv", "a5"]
    assert (a5.status, a5.link_status, a5.parent_doc_id) == ("ok", "target_missing", None)
    assert a5.error_code == "reply_target_missing"
    assert "répond à proposal_id « p9 », introuvable" in a5.error
    frame = documents_frame(docs).set_index("source_id")
    assert frame.loc["p1", "votes_for"] == 63 and frame.loc["a1", "stance"] == "pour"
    assert frame.loc["p1", "posted_date"] == dt.date(2019, 10, 7)


def test_jsonl_opinions_and_arguments_link_by_the_opinion_id(tmp_path):
    """The shape of the repnum export: opinions.jsonl and arguments.jsonl."""
    _write(
        tmp_path,
        "opinions.jsonl",
        '{"opinion_id": 61, "kind": "government_article", "title": "Article 1", '
        '"body": "Les administrations diffusent leurs données.", "section_label": "Ouverture '
        'des données publiques", "votes_ok": 10, "votes_nok": 2, "votes_mitige": 1, '
        '"is_trashed": false, "created_at": "2015-09-26T02:27:57+0200"}\n'
        '{"opinion_id": 62, "kind": "citizen_proposal", "title": "Logiciel libre", '
        '"body": "Donner la priorité au logiciel libre.", "section_label": "Les Communs", '
        '"votes_ok": 3, "votes_nok": 0, "votes_mitige": 0, "is_trashed": true, '
        '"created_at": "2015-09-27T10:00:00+0200"}\n',
    )
    _write(
        tmp_path,
        "arguments.jsonl",
        '{"argument_id": 1, "opinion_id": 61, "stance": "pour", "body": "Enfin des données '
        'ouvertes.", "votes_count": 4, "is_trashed": false}\n'
        '{"argument_id": 2, "opinion_id": 62, "stance": "contre", "body": "Le libre n\'est '
        'pas toujours adapté.", "votes_count": 0, "is_trashed": false}\n',
    )
    rows = _by_row(ingest_corpus(tmp_path, IngestConfig()))
    article, argument = rows["opinions.jsonl", "61"], rows["arguments.jsonl", "1"]
    assert article.author_type == "government_article"
    assert argument.parent_doc_id == article.doc_id and argument.votes == 4
    assert argument.section == "Ouverture des données publiques"
    assert rows["opinions.jsonl", "62"].status == "skipped"  # trashed
    assert rows["arguments.jsonl", "2"].link_status == "target_skipped"


def test_decidim_comments_are_attached_to_their_debate_and_its_theme(tmp_path):
    """The shape of the Grand Débat export: debates.csv and debate_comments.csv."""
    _write(
        tmp_path / "granddebat",
        "debates.csv",
        "debate_id,theme,question,created_at\n"
        "30,Démocratie et citoyenneté,Faut-il reconnaître le vote blanc ?,2019-01-16 10:59:37 +0100\n",
    )
    _write(
        tmp_path / "granddebat",
        "debate_comments.csv",
        "comment_id,debate_id,alignment,body,created_at\n"
        "515,30,1,Oui : le vote blanc doit compter.,2019-01-17 10:38:20 +0100\n"
        "516,30,-1,Non : il faut choisir.,2019-01-17 11:00:00 +0100\n"
        "517,30,0,Je ne sais pas.,2019-01-17 12:00:00 +0100\n",
    )
    _write(
        tmp_path / "autre",
        "debate_comments.csv",
        "comment_id,debate_id,alignment,body\n9,30,1,Un autre dossier.\n",
    )
    rows = _by_row(ingest_corpus(tmp_path, IngestConfig()))
    debate = rows["debates.csv", "30"]
    assert debate.doc_type == "debate" and debate.section == "Démocratie et citoyenneté"
    comments = [rows["debate_comments.csv", i] for i in ("515", "516", "517")]
    assert {c.doc_type for c in comments} == {"comment"}
    assert [c.stance for c in comments] == ["pour", "contre", "neutre"]
    assert {c.parent_doc_id for c in comments} == {debate.doc_id}
    assert {c.section for c in comments} == {"Démocratie et citoyenneté"}
    # a comment only links within its own folder
    assert rows["debate_comments.csv", "9"].link_status == "target_missing"


def test_the_config_names_unusual_consultation_columns(tmp_path):
    _write(
        tmp_path,
        "avis.csv",
        "id,rubrique_du_projet,texte,soutiens\n1,Mobilités,Créer des pistes cyclables.,12\n",
    )
    _write(tmp_path, "reponses.csv", "id,avis,position,texte\n7,1,contre,Trop coûteux.\n")
    config = IngestConfig(
        consultation={"section": "rubrique_du_projet", "votes": "soutiens", "reply_to": "avis"}
    )
    rows = _by_row(ingest_corpus(tmp_path, config))
    proposal, reply = rows["avis.csv", "1"], rows["reponses.csv", "7"]
    assert (proposal.section, proposal.votes, proposal.doc_type) == (
        "Mobilités",
        12,
        "contribution",
    )
    assert (reply.doc_type, reply.stance, reply.parent_doc_id) == (
        "argument",
        "contre",
        proposal.doc_id,
    )


def test_declared_columns_become_typed_variables(tmp_path):
    from textmine.ingest import variables_frame

    _write(
        tmp_path,
        "opinions.csv",
        "opinion_id,chapitre_label,score,debut,body\n"
        '1,Économie de la donnée,"3,5",07/10/2019,Ouvrir les données.\n'
        "2,Environnement ouvert,,,Protéger la vie privée.\n",
    )
    docs = ingest_corpus(tmp_path, IngestConfig(variables=["chapitre_label", "score", "debut"]))
    frame = variables_frame(docs).set_index(["variable"])
    assert list(frame["value"]) == [
        "Économie de la donnée",
        "3,5",
        "07/10/2019",
        "Environnement ouvert",
    ]
    assert frame.loc["score", "number"] == 3.5
    assert frame.loc["debut", "date"] == dt.date(2019, 10, 7)
    assert frame.loc["chapitre_label", "number"].isna().all()
