"""Who may see the department's figures."""


def is_department_officer(user) -> bool:
    """Officers of the department (staff with the dashboard permission, as the officers' group gives) and superusers."""
    if not (user.is_authenticated and user.is_active):
        return False
    return user.is_superuser or (user.is_staff and user.has_perm("adoption.view_adoption_dashboard"))
