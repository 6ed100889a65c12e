"""The readers' own error: raised for unreadable input, with a message a user can act on."""


class ParseError(Exception):
    """Input that cannot be read at all (not a .docx, empty, binary, undecodable).

    `where` says which file or part; the message is Chinese because users read it.
    """

    def __init__(self, message: str, where: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.where = where

    def __str__(self) -> str:
        return f"{self.where}: {self.message}" if self.where else self.message
