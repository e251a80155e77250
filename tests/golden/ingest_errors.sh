# Each bad input is reported as path[:line]: reason; the good ones go in; exit 1.
c() { "$CORPUS" "$@"; }
mkdir in
printf ' date 2025-01-02 Tin tốt\n\nĐây là bài hợp lệ.' > in/good.txt
printf 'Không có dòng ngày\n\nThân bài' > in/nodate.txt
printf ' date 2025-02-30 Ngày không có thật\n\nThân bài' > in/baddate.txt
printf ' date 2025-01-01 x\n\nab\xff\xfe' > in/badutf8.txt
printf '' > in/empty.txt
printf ' date 2025-01-01 Chỉ có tiêu đề\n' > in/header_only.txt
printf 'a\0b' > in/binary.txt
ln -s nowhere in/dangling.txt
ln -s .. in/loop
printf '{"id":"j1","title":"Một","body":"Hai"}\n{"id":"j2","title":\n[1]\n{"id":"j4"}\n{"id":"j5","title":"t","date":"2025-13-01"}\n' > in/records.jsonl
c ingest in 2>&1 | sed -E 's/ in [0-9.]+ s \([0-9.]+ MB\)//'; echo "exit ${PIPESTATUS[0]}"
c search 'hop le' --tsv | cut -f1
c search Một --tsv | cut -f1
c --db small.db ingest --max-size 1KB seeds 2>&1 | sed -E 's/ in [0-9.]+ s \([0-9.]+ MB\)//'; echo "exit ${PIPESTATUS[0]}"
