"""
How the WordPress import fares with a large export: a WXR file of BENCH_WXR_MB megabytes (10 by default) is
generated, then read alone (the checking pass) and imported whole into a fresh SQLite database in a temporary
folder. Prints time and peak memory; nothing is asserted. Run with `make bench`.
"""

import atexit
import os
import resource
import shutil
import tempfile
import time
from pathlib import Path

WORK = Path(tempfile.mkdtemp(prefix="bench-wordpress-"))
atexit.register(shutil.rmtree, WORK, ignore_errors=True)  # however the run ends
# A database of its own: the bench never writes into the development database.
os.environ["DATABASE_URL"] = f"sqlite:///{WORK / 'bench.sqlite3'}"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402

from wordpress.importer import import_export  # noqa: E402
from wordpress.survey import survey  # noqa: E402

SIZE_MB = int(os.environ.get("BENCH_WXR_MB", "10"))
HEADER = """<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
	xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:wfw="http://wellformedweb.org/CommentAPI/"
	xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
	<title>Bench</title><link>https://bench.example</link>
	<wp:wxr_version>1.2</wp:wxr_version>
	<wp:base_site_url>https://bench.example</wp:base_site_url><wp:base_blog_url>https://bench.example</wp:base_blog_url>
	<wp:author><wp:author_id>1</wp:author_id><wp:author_login><![CDATA[desk]]></wp:author_login><wp:author_email><![CDATA[desk@bench.example]]></wp:author_email><wp:author_display_name><![CDATA[The Desk]]></wp:author_display_name><wp:author_first_name><![CDATA[]]></wp:author_first_name><wp:author_last_name><![CDATA[]]></wp:author_last_name></wp:author>
"""
CATEGORY = (
    "\t<wp:category><wp:term_id>{n}</wp:term_id><wp:category_nicename><![CDATA[section-{n}]]></wp:category_nicename>"
    "<wp:category_parent><![CDATA[]]></wp:category_parent><wp:cat_name><![CDATA[Section {n}]]></wp:cat_name></wp:category>\n"
)
TAG = (
    "\t<wp:tag><wp:term_id>{n}</wp:term_id><wp:tag_slug><![CDATA[tag-{n}]]></wp:tag_slug>"
    "<wp:tag_name><![CDATA[Tag {n}]]></wp:tag_name></wp:tag>\n"
)
PARAGRAPH = (
    "The harbour master said the tide tables for the coming season would be published on Monday, and that the "
    "ferries would keep their summer timetable until the end of the month. 港口的春天来得很早。"
)
COMMENT = """		<wp:comment>
			<wp:comment_id>{id}</wp:comment_id>
			<wp:comment_author><![CDATA[Reader {id}]]></wp:comment_author>
			<wp:comment_author_email><![CDATA[reader{id}@bench.example]]></wp:comment_author_email>
			<wp:comment_author_url></wp:comment_author_url>
			<wp:comment_author_IP><![CDATA[192.0.2.{ip}]]></wp:comment_author_IP>
			<wp:comment_date><![CDATA[2024-05-17 13:00:00]]></wp:comment_date>
			<wp:comment_date_gmt><![CDATA[2024-05-17 11:00:00]]></wp:comment_date_gmt>
			<wp:comment_content><![CDATA[I read this on the ferry. Thank you for the report.]]></wp:comment_content>
			<wp:comment_approved><![CDATA[{approved}]]></wp:comment_approved>
			<wp:comment_type><![CDATA[comment]]></wp:comment_type>
			<wp:comment_parent>{parent}</wp:comment_parent>
			<wp:comment_user_id>0</wp:comment_user_id>
		</wp:comment>
"""
ITEM = """	<item>
		<title><![CDATA[Tide report number {n}]]></title>
		<link>https://bench.example/2024/05/17/tide-report-{n}/</link>
		<dc:creator><![CDATA[desk]]></dc:creator>
		<content:encoded><![CDATA[{content}]]></content:encoded>
		<excerpt:encoded><![CDATA[The tides, as the harbour master sees them.]]></excerpt:encoded>
		<wp:post_id>{n}</wp:post_id>
		<wp:post_date><![CDATA[2024-05-17 12:30:00]]></wp:post_date>
		<wp:post_date_gmt><![CDATA[2024-05-17 10:30:00]]></wp:post_date_gmt>
		<wp:comment_status><![CDATA[open]]></wp:comment_status>
		<wp:post_name><![CDATA[tide-report-{n}]]></wp:post_name>
		<wp:status><![CDATA[publish]]></wp:status>
		<wp:post_parent>0</wp:post_parent>
		<wp:post_type><![CDATA[post]]></wp:post_type>
		<wp:post_password><![CDATA[]]></wp:post_password>
		<wp:is_sticky>0</wp:is_sticky>
		<category domain="category" nicename="section-{section}"><![CDATA[Section {section}]]></category>
		<category domain="post_tag" nicename="tag-{tag}"><![CDATA[Tag {tag}]]></category>
{comments}	</item>
"""


def generate(path, size_mb):
    """A WordPress-shaped export of about `size_mb` megabytes: posts of ~2 kB with four comments each."""
    content = "\n\n".join([PARAGRAPH] * 6)
    with path.open("w", encoding="utf-8") as export:
        export.write(HEADER)
        export.writelines(CATEGORY.format(n=n) for n in range(1, 9))
        export.writelines(TAG.format(n=n) for n in range(100, 140))
        n = 1000
        while export.tell() < size_mb * 1024 * 1024:
            n += 1
            comments = "".join(
                COMMENT.format(
                    id=n * 10 + c, ip=c + 1, approved="1" if c % 3 else "0", parent=n * 10 if c else 0
                )
                for c in range(4)
            )
            export.write(
                ITEM.format(n=n, content=content, section=n % 8 + 1, tag=100 + n % 40, comments=comments)
            )
        export.write("</channel>\n</rss>\n")
    return n - 1000


def peak_rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports kilobytes


def cpu_seconds():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def main():
    export = WORK / "export.xml"
    posts = generate(export, SIZE_MB)
    size = export.stat().st_size / 1024 / 1024
    call_command("migrate", verbosity=0)
    baseline = peak_rss_mb()
    started = time.perf_counter()
    survey(export)
    read_seconds = time.perf_counter() - started
    after_reading = peak_rss_mb()
    started, cpu_started = time.perf_counter(), cpu_seconds()
    report = import_export(export)
    import_seconds, import_cpu = time.perf_counter() - started, cpu_seconds() - cpu_started
    print(
        f"wordpress import: {size:.0f} MB export, {posts} posts, {posts * 4} comments; "
        f"checking pass {read_seconds:.1f} s, peak memory {after_reading:.0f} MB (from {baseline:.0f} MB before); "
        f"whole import {import_seconds:.0f} s ({import_cpu:.0f} s of CPU, {posts / import_cpu:.0f} posts per CPU "
        f"second), peak memory {peak_rss_mb():.0f} MB; "
        f"{report.tallies['articles'].added} articles, {report.tallies['comments'].added} comments added"
    )


if __name__ == "__main__":
    main()
