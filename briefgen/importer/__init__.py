"""`briefgen import`: a plain article → Markdown plus draft annotations of the quotes and speakers it finds.

Detection works on the text a reader sees (the parsed Markdown), so every quote it proposes is found
again by `briefgen check`. Every guess carries a `# review:` comment saying what it rests on. The
stages: plaintext.py (text → Markdown, dateline), language.py (the per-language tables under
languages/) and patterns.py (their regexes), passages.py (paragraphs, sentences, quotations),
speakers.py (who may speak), attribution.py (whom a piece of attribution names), reported.py (reported
speech), detect.py (quotes and reported speech sentence by sentence, each with its speaker), draft.py (the
sidecar), project.py (writing into a project)."""

from .detect import Detected
from .draft import Imported, import_article
from .project import import_into_project
from .speakers import Speakers, known_speakers

__all__ = ["Detected", "Imported", "Speakers", "import_article", "import_into_project",
           "known_speakers"]
