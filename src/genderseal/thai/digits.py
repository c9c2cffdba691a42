"""Thai digits (๐-๙): stored as Arabic, offered as a display option, accepted on input."""
THAI_DIGITS = "๐๑๒๓๔๕๖๗๘๙"
_TO_THAI = str.maketrans("0123456789", THAI_DIGITS)
_TO_ARABIC = str.maketrans(THAI_DIGITS, "0123456789")


def to_thai_digits(text) -> str:
    return str(text).translate(_TO_THAI)


def to_arabic_digits(text) -> str:
    return str(text).translate(_TO_ARABIC)
