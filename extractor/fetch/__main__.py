"""``python -m extractor.fetch …`` runs ``extract crawl …`` (handy where the console script is absent)."""

from extractor.fetch.cli import crawl

if __name__ == "__main__":
    crawl(prog_name="extract crawl")
