"""Second factor, password rules, login sessions and the access events of logging in.

- `policy`: who must use a second factor (the roles in OTP_REQUIRED_ROLES).
- `services`: enrolment, verification, recovery codes, resets, sessions, API tokens.
- `middleware`: a password-only session of such a user reaches nothing but the second-factor
  pages; a password an administrator chose must be changed before anything else.
- `signals`: logins, logouts, failures, lockouts, role and township changes as access events.
- `validators`: character classes and no reuse of recent passwords.
"""
