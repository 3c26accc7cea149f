"""Quality sampling (kwaliteitsgericht toetsen): which decisions a reviewer checks, and how that went."""
