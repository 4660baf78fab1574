from tests.conftest import login


def test_coordinator_logs_in_and_sees_their_project(client, world):
    response = login(client, world.users["coordinator"])
    assert response.status_code == 302
    page = client.get("/projects").get_data(as_text=True)
    assert "Smart Planning" in page
    assert "BSTC" not in page
