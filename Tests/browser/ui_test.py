"""Browser tests of the web application against a running demo server (headless Chromium).

  /usr/bin/python3 Tests/browser/ui_test.py http://127.0.0.1:8095 [screenshot folder]

A newcomer's path on the demo workspace: the schema graph, the jobs page (start an import, watch
it finish, see its log), the instance rows, an export and its highlighted model, a mapping with
an error, and every page at 1280x800 and at 800 px wide without console errors. Screenshots of
each page are written to the folder (docs/screenshots by default).
"""
import os
import sys
import time

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait

BASE = sys.argv[1].rstrip("/")
SHOTS = sys.argv[2] if len(sys.argv) > 2 else os.path.join(os.path.dirname(__file__), "..", "..", "docs", "screenshots")
results = []


def check(name, condition, detail=""):
    results.append((name, bool(condition), detail))
    print(("ok   " if condition else "FAIL ") + name + (f": {detail}" if detail and not condition else ""))


def browser(width, height):
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for argument in ["--headless=new", "--no-sandbox", "--disable-gpu", f"--window-size={width},{height}"]:
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)


def console_errors(driver, expected=()):
    """Severe console entries, less the failed requests a test made on purpose (an error state)."""
    return [entry["message"] for entry in driver.get_log("browser")
            if entry["level"] == "SEVERE" and not any(text in entry["message"] for text in expected)]


def wait_text(driver, css, text, seconds=20):
    WebDriverWait(driver, seconds).until(EC.text_to_be_present_in_element((By.CSS_SELECTOR, css), text))


def job_text(driver, job):
    return driver.execute_script(f"return document.querySelector('tr[data-job=\"{job}\"]')?.innerText ?? ''")


def click(driver, css):
    """Clicks the element the page shows now (the jobs list re-renders as statuses change)."""
    WebDriverWait(driver, 10).until(lambda d: d.execute_script(
        f"const e = document.querySelector({css!r}); if (e) e.click(); return !!e;"))


def newcomer_path():
    driver = browser(1280, 800)
    try:
        driver.get(BASE + "/#/schema")
        WebDriverWait(driver, 10).until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#graph .node")) > 0)
        check("the schema graph shows every object", len(driver.find_elements(By.CSS_SELECTOR, "#graph .node")) == 25)
        check("base morphisms are drawn as labelled arrows", len(driver.find_elements(By.CSS_SELECTOR, "#graph .edge")) >= 20)
        driver.save_screenshot(os.path.join(SHOTS, "schema.png"))
        driver.find_element(By.CSS_SELECTOR, "#new-object input[name=label]").send_keys("Discount")
        driver.find_element(By.CSS_SELECTOR, "#new-object button").click()
        WebDriverWait(driver, 10).until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#graph .node")) == 26)
        check("an object added in the editor appears in the graph", "Discount" in driver.find_element(By.ID, "graph").text)
        edges = len(driver.find_elements(By.CSS_SELECTOR, "#graph .edge"))
        Select(driver.find_element(By.CSS_SELECTOR, "#new-morphism select[name=dom]")).select_by_value("103")
        Select(driver.find_element(By.CSS_SELECTOR, "#new-morphism select[name=cod]")).select_by_value("125")
        driver.find_element(By.CSS_SELECTOR, "#new-morphism button").click()
        WebDriverWait(driver, 10).until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#graph .edge")) == edges + 1)
        check("a morphism added in the editor is drawn with its signature", "25 1..1" in driver.find_element(By.ID, "graph").text)
        driver.execute_script("document.querySelector('#graph .node[data-key=\"125\"]').dispatchEvent(new KeyboardEvent('keydown', {key: 'Enter', bubbles: true}))")
        wait_text(driver, "#selection", "Discount")
        check("an object with morphisms cannot be deleted yet", not driver.find_element(By.ID, "delete-object").is_enabled())
        driver.execute_script("window.confirm = () => true")
        click(driver, '#selection button[data-delete-morphism="25"]')
        WebDriverWait(driver, 10).until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#graph .edge")) == edges)
        driver.execute_script("document.querySelector('#graph .node[data-key=\"125\"]').dispatchEvent(new KeyboardEvent('keydown', {key: 'Enter', bubbles: true}))")
        wait_text(driver, "#selection", "Discount")
        driver.execute_script("window.confirm = () => true")
        click(driver, "#delete-object")
        WebDriverWait(driver, 10).until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#graph .node")) == 25)
        check("a morphism and then its object are deleted from the graph", True)

        driver.get(BASE + "/#/jobs")
        wait_text(driver, "#jobs", "Import order documents")
        click(driver, 'tr[data-job="1"] button[data-action=start]')
        WebDriverWait(driver, 30).until(lambda d: "Finished" in job_text(d, 1))
        row = job_text(driver, 1)
        check("an import job runs to Finished with its counts", "4 read, 3 written, 1 rejected" in row, row)
        click(driver, 'tr[data-job="1"] button[data-action=log]')
        wait_text(driver, ".log", "cannot be identified")
        check("the job's log shows the rejected record", "record 4" in driver.find_element(By.CSS_SELECTOR, ".log").text)
        driver.save_screenshot(os.path.join(SHOTS, "jobs.png"))

        driver.get(BASE + "/#/instance")
        wait_text(driver, "#instance-graph", "Order · 2")
        check("the instance graph shows row counts", "Items · 4" in driver.find_element(By.ID, "instance-graph").text)
        driver.save_screenshot(os.path.join(SHOTS, "instance-graph.png"))
        driver.find_element(By.LINK_TEXT, "Order").click()
        wait_text(driver, "#rows", "2043")
        check("the rows are titled with the object's label", "Rows of Order (103)" in driver.find_element(By.ID, "rows").text)
        check("instance rows are listed with their signatures", "number" in driver.find_element(By.CSS_SELECTOR, "#rows").text.lower())
        driver.save_screenshot(os.path.join(SHOTS, "instance.png"))

        driver.get(BASE + "/#/jobs")
        wait_text(driver, "#jobs", "Export orders as documents")
        click(driver, 'tr[data-job="4"] button[data-action=start]')
        WebDriverWait(driver, 30).until(lambda d: "Finished" in job_text(d, 4))
        driver.get(BASE + "/#/models/4")
        wait_text(driver, "#model-text", "2043")
        check("the model is highlighted", len(driver.find_elements(By.CSS_SELECTOR, "#model-text .num")) > 0)
        link = driver.find_element(By.PARTIAL_LINK_TEXT, "Download")
        check("the model can be downloaded with its extension", link.get_attribute("href").endswith("/model/download")
              and "jsonl" in link.text)
        driver.save_screenshot(os.path.join(SHOTS, "models.png"))

        driver.get(BASE + "/#/mappings")
        wait_text(driver, "main", "order_item @114")
        driver.find_element(By.NAME, "text").send_keys("order @103 { number: 99 }")
        driver.find_element(By.CSS_SELECTOR, "#new-mapping button[type=submit]").click()
        wait_text(driver, "#mapping-error", "there is no morphism 99")
        check("an invalid mapping shows the server's message", True)
        driver.save_screenshot(os.path.join(SHOTS, "mappings.png"))

        driver.get(BASE + "/#/databases")
        wait_text(driver, "main", "Shop (SQLite)")
        Select(driver.find_element(By.ID, "db-type")).select_by_value("postgresql")
        driver.find_element(By.CSS_SELECTOR, "#new-database input[name=label]").send_keys("Warehouse")
        for name, value in [("host", "127.0.0.1"), ("user", "u"), ("database", "d"), ("password", "hunter2")]:
            driver.find_element(By.CSS_SELECTOR, f"#new-database input[name={name}]").send_keys(value)
        driver.find_element(By.CSS_SELECTOR, "#new-database button[type=submit]").click()
        wait_text(driver, "#databases", "Warehouse")
        page = driver.find_element(By.TAG_NAME, "main").text
        check("a new database shows that it has a password, never the password", "password: set" in page and "hunter2" not in page)
        driver.save_screenshot(os.path.join(SHOTS, "databases.png"))
        errors = console_errors(driver, expected=["/api/v1/mappings - Failed to load resource: the server responded with a status of 400"])
        check("no console errors on the newcomer's path", errors == [], str(errors))
    finally:
        driver.quit()


def narrow_pages():
    driver = browser(800, 900)
    try:
        for page in ["schema", "mappings", "databases", "jobs", "instance", "models"]:
            driver.get(f"{BASE}/#/{page}")
            time.sleep(0.6)
            width = driver.execute_script("return document.documentElement.scrollWidth")
            check(f"{page} fits 800 px", width <= 800, f"scroll width {width}")
        errors = console_errors(driver)
        check("no console errors at 800 px", errors == [], str(errors))
    finally:
        driver.quit()


def wait_for_server():
    import urllib.request
    for _ in range(100):
        try:
            with urllib.request.urlopen(BASE + "/api/v1/health", timeout=1) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"no server at {BASE}")


if __name__ == "__main__":
    os.makedirs(SHOTS, exist_ok=True)
    wait_for_server()
    newcomer_path()
    narrow_pages()
    failed = sum(1 for _, ok, _ in results if not ok)
    print(f"browser: {len(results) - failed} passed, {failed} failed")
    sys.exit(1 if failed else 0)
