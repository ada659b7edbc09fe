"""The sources the report names in its appendix: where the phases, the dimensions and the figures
come from. The full list, with the practice sources, is in docs/methode.md (section 10)."""

MODEL_SOURCES = [
    "Himmelman, A.T. (2002). Collaboration for a Change. Minneapolis: Himmelman Consulting. De opbouw van de fasen 1 tot en met 4.",
    "Instituut Nederlandse Kwaliteit. INK-managementmodel, met vijf ontwikkelingsfasen. De vijfde fase: een samenwerking die zichzelf blijft vernieuwen.",
    "Kaats, E. & Opheij, W. (2012). Leren samenwerken tussen organisaties. Deventer: Kluwer. Dimensies.",
    "Mattessich, P.W. & Johnson, K.M. (2018). Collaboration: What Makes It Work (3e druk). Saint Paul: Wilder Research. Dimensies.",
    "Provan, K.G. & Kenis, P. (2008). Modes of network governance. Journal of Public Administration Research and Theory, 18(2). Besluiten en regie.",
    "Ansell, C. & Gash, A. (2008). Collaborative governance in theory and practice. Journal of Public Administration Research and Theory, 18(4).",
]
STATISTICS_SOURCES = [
    "Efron, B. & Tibshirani, R.J. (1993). An Introduction to the Bootstrap. New York: Chapman & Hall. Het interval.",
    "LeBreton, J.M. & Senter, J.L. (2008). Answers to 20 questions about interrater reliability and interrater agreement. Organizational Research Methods, 11(4). rwg.",
    "Burke, M.J., Finkelstein, L.M. & Dusig, M.S. (1999). On average deviation indices for estimating interrater agreement. Organizational Research Methods, 2(1). AD.",
    "Cronbach, L.J. (1951). Coefficient alpha and the internal structure of tests. Psychometrika, 16(3). α.",
]
