"""Demo submissions written for this project (invented content, modelled on seed ¶6–¶10).

Each entry: party code, organisation slug (a host party reporting its centre), received date,
language, file name, text, and the statements an officer confirmed (role, topics, articles,
channel, paragraph index).
"""

from __future__ import annotations

from typing import Any

SUBMISSIONS: list[dict[str, Any]] = [
    {
        "party": "ARG",
        "received": "2020-02-14",
        "language": "es",
        "name": "argentina-informe.txt",
        "text": """Información de la República Argentina sobre creación de capacidad y asistencia técnica

La autoridad nacional coordinó en 2019 un programa de talleres provinciales sobre el manejo ambientalmente racional de residuos con mercurio, con la participación de hospitales públicos y empresas de reciclado de lámparas.

Argentina considera útil intercambiar experiencias con otras Partes de la región sobre la eliminación progresiva de termómetros y esfigmomanómetros con mercurio en el sector de la salud.""",
        "statements": [
            ("example_success", ["waste", "health"], [11], "", 1),
        ],
    },
    {
        "party": "ARG",
        "organisation": "bcrc-argentina",
        "received": "2020-03-02",
        "language": "en",
        "name": "bcrc-argentina-activities.txt",
        "text": """Activities of the Basel Convention Regional Centre hosted by Argentina

The Centre executes a project funded by the Specific International Programme to strengthen the institutional capacity of three South American parties to prepare mercury inventories and national implementation plans.

Experts of the Centre took part in the ad hoc group reviewing Annexes A and B and in the technical group preparing guidance on releases to land and water.

During 2019 and 2020 the Centre organised two regional workshops and an online course on the environmentally sound management of mercury waste, attended by officials of eleven countries.""",
        "statements": [
            ("support_provided", ["inventories", "capacity_building"], [14], "sip", 1),
            ("support_provided", ["waste"], [11], "regional_centre", 3),
        ],
    },
    {
        "party": "CAN",
        "received": "2020-03-20",
        "language": "fr",
        "name": "canada-soumission.txt",
        "text": """Contribution du Canada

Le Canada verse des contributions au Fonds pour l'environnement mondial et au Programme international spécifique, et a appuyé le Programme spécial de renforcement des institutions nationales pour la mise en œuvre des conventions sur les produits chimiques et les déchets.

Dans le cadre de sa coopération bilatérale, le Canada finance des travaux de surveillance du mercure dans l'air et dans le poisson dans l'Arctique et partage ses méthodes d'échantillonnage avec des partenaires d'Amérique latine.""",
        "statements": [
            ("support_provided", ["finance"], [13], "gef", 1),
            ("support_provided", ["monitoring"], [19], "bilateral", 2),
        ],
    },
    {
        "party": "DEU",
        "received": "2020-03-27",
        "language": "en",
        "name": "germany-cbta.txt",
        "text": """Submission of Germany on capacity-building and technical assistance

Germany is among the contributors to the Special Programme and to the Specific International Programme, and supports the financial mechanism through its contributions to the Global Environment Facility.

Through its development cooperation, Germany funds projects that reduce mercury use in artisanal and small-scale gold mining in West Africa and South America, combining technical training for miners with access to mercury-free processing equipment.""",
        "statements": [
            ("support_provided", ["finance"], [13], "special_programme", 1),
            ("support_provided", ["asgm", "technology_transfer"], [7, 14], "bilateral", 2),
        ],
    },
    {
        "party": "ECU",
        "received": "2020-04-06",
        "language": "es",
        "name": "ecuador-necesidades.txt",
        "text": """Comunicación del Ecuador

El Ecuador ha ejecutado su evaluación inicial de Minamata y su plan de acción nacional sobre la minería aurífera artesanal y en pequeña escala con apoyo del Fondo para el Medio Ambiente Mundial.

Para aplicar el plan de acción, el país necesita formación técnica para los mineros en métodos de procesamiento sin mercurio y apoyo para establecer un sistema nacional de monitoreo de emisiones y liberaciones.""",
        "statements": [
            ("support_received", ["inventories", "asgm"], [7], "gef", 1),
            ("need", ["asgm", "monitoring"], [7, 19], "", 2),
        ],
    },
    {
        "party": "GMB",
        "received": "2020-05-11",
        "language": "en",
        "name": "gambia.txt",
        "text": """The Gambia: information on capacity-building needs and support

With support from the financial mechanism, The Gambia completed its Minamata Initial Assessment, which identified dental amalgam, mercury-added products and waste disposal sites as the main sources of concern.

The Gambia requires assistance to train customs officers in identifying mercury-added products at the border and to establish a laboratory able to measure mercury in environmental samples.""",
        "statements": [
            ("support_received", ["inventories"], [13], "gef", 1),
            ("need", ["products", "monitoring", "trade"], [4, 19], "", 2),
        ],
    },
    {
        "party": "GHA",
        "received": "2020-06-02",
        "language": "en",
        "name": "ghana-submission.txt",
        "text": """Submission of Ghana

Ghana has benefited from a project of the financial mechanism that introduced mercury-free gold processing in several mining communities and trained extension officers of the Minerals Commission.

Enforcement remains difficult: small-scale mining sites are numerous and dispersed, and the agencies concerned lack vehicles and field equipment to inspect them.""",
        "statements": [
            ("support_received", ["asgm"], [7], "gef", 1),
            ("challenge", ["asgm"], [7], "", 2),
        ],
    },
    {
        "party": "JPN",
        "received": "2020-06-15",
        "language": "en",
        "name": "japan-support.txt",
        "text": """Japan's support for the implementation of the Minamata Convention

Japan contributes to the Global Environment Facility and to the Specific International Programme, and supported enabling activities in developing countries before the Convention entered into force.

Japan continues to offer training courses on mercury monitoring and analytical methods, and on the environmentally sound management of mercury waste, to officials from Asia and the Pacific.""",
        "statements": [
            ("support_provided", ["finance", "inventories"], [13, 14], "gef", 1),
            ("support_provided", ["monitoring", "waste"], [11, 19], "bilateral", 2),
        ],
    },
    {
        "party": "MNG",
        "received": "2020-07-01",
        "language": "en",
        "name": "mongolia.txt",
        "text": """Information from Mongolia

Mongolia received support from a regional project on mercury inventories and from a bilateral partner to map former mining areas where mercury was used.

The national laboratory has now been equipped to analyse mercury in soil, and a first list of contaminated sites has been prepared for the ministry.""",
        "statements": [
            ("support_received", ["inventories", "contaminated_sites"], [12], "bilateral", 1),
        ],
    },
    {
        "party": "MNE",
        "received": "2021-05-28",
        "language": "en",
        "name": "montenegro.txt",
        "text": """Montenegro: needs and challenges in implementing the Convention

As a recent party, Montenegro has limited data on mercury flows, and few national experts trained in mercury inventories or in the management of mercury-containing waste.

Montenegro needs technical assistance to update its national inventory, to draft secondary legislation on mercury-added products, and to train inspectors.""",
        "statements": [
            ("challenge", ["inventories", "waste"], [11], "", 1),
            ("need", ["inventories", "products"], [4], "", 2),
        ],
    },
    {
        "party": "NLD",
        "received": "2021-06-10",
        "language": "en",
        "name": "netherlands.txt",
        "text": """Contribution of the Kingdom of the Netherlands

The Netherlands supports the Special Programme on institutional strengthening and contributes to the financial mechanism.

In addition, the Netherlands finances a programme that helps companies from its private sector transfer mercury-free technologies and know-how to partners in developing countries, with a focus on emission control in industry.""",
        "statements": [
            ("support_provided", ["finance"], [13], "special_programme", 1),
            (
                "support_provided",
                ["technology_transfer", "emissions"],
                [8, 14],
                "private_sector",
                2,
            ),
        ],
    },
    {
        "party": "OMN",
        "received": "2021-07-05",
        "language": "ar",
        "name": "oman.txt",
        "text": """مساهمة سلطنة عُمان

انضمت سلطنة عُمان إلى الاتفاقية حديثاً، ولا تتوفر لديها بعد بيانات كافية عن مصادر الزئبق وانبعاثاته، كما تنقصها الخبرة الفنية في إعداد قوائم الجرد.

تتوفر الخبرة اللازمة لدى شركات القطاع الخاص العاملة في قطاع النفط والغاز، وتحتاج السلطنة إلى دعم فني يساعدها على الاستفادة من هذه الخبرة في إدارة النفايات المحتوية على الزئبق.""",
        "statements": [
            ("challenge", ["inventories", "emissions"], [8], "", 1),
            ("need", ["waste", "technology_transfer"], [11, 14], "private_sector", 2),
        ],
    },
    {
        "party": "SYC",
        "received": "2021-06-21",
        "language": "en",
        "name": "seychelles.txt",
        "text": """Seychelles: capacity-building and technical assistance

As a small island developing State, Seychelles has received support for its initial assessment through enabling activities, and participates in a regional programme for island States on chemicals and waste.

Seychelles needs help to manage mercury-containing lamps and batteries, since there is no treatment facility on the islands and export for disposal is costly.""",
        "statements": [
            ("support_received", ["inventories", "waste"], [11], "gef", 1),
            ("need", ["waste", "products"], [4, 11], "", 2),
        ],
    },
    {
        "party": "USA",
        "received": "2021-06-25",
        "language": "en",
        "name": "united-states.txt",
        "text": """Submission of the United States of America

The United States supports many bilateral and multilateral activities on mercury, including air monitoring networks, global assessments and the reduction of mercury use in artisanal and small-scale gold mining.

It also provides technical assistance on the control of mercury emissions from coal-fired power plants and on the environmentally sound storage and disposal of mercury.""",
        "statements": [
            ("support_provided", ["monitoring", "asgm"], [7, 19], "multilateral", 1),
            ("support_provided", ["emissions", "storage", "waste"], [8, 10, 11], "bilateral", 2),
        ],
    },
]
