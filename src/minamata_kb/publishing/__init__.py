"""The toolkit every COP document is made with: neutral blocks (`blocks`), the Markdown, DOCX
and PDF renderer (`render`), locale formatting (`formatting`), shared fixed text (`texts`),
charts (`chart`) and the registry of document kinds with the archive they are kept in
(`editions`). Below the apps that write documents (documents, matching, national_reports), so
they share it without importing one another; an installed app only for its translations.
"""
