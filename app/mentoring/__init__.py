"""Mentoring (mentorordning) and peer groups (kollegagrupper): the themes, the map of neighbouring fylker and
the two engines, pure functions over plain values (matching.py: mentees to mentors; groups.py: peer groups).
The database models, the opt-in and the organiser's pages come when the leaders' profiles are in place."""
