"""Splits a generated model script into statements, the way its database shell would.

Strings ('...', "...") and quoted names (`...`) may hold ';' and are skipped whole; '//' and '--'
comments outside them run to the end of the line. Used by the test runners in this folder.
"""


def statements(text, line_comments=("//",)):
    out, current, i, n = [], [], 0, len(text)
    while i < n:
        c = text[i]
        if c in "'\"`":
            j = i + 1
            while j < n and text[j] != c:
                j += 2 if text[j] == "\\" and c != "`" else 1
            current.append(text[i:j + 1])
            i = j + 1
            continue
        if any(text.startswith(m, i) for m in line_comments):
            while i < n and text[i] != "\n":
                i += 1
            continue
        if c == ";":
            statement = "".join(current).strip()
            if statement:
                out.append(statement)
            current = []
        else:
            current.append(c)
        i += 1
    rest = "".join(current).strip()
    if rest:
        out.append(rest)
    return out
