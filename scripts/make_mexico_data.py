#!/usr/bin/env python3
"""Generate data/mexico/hubs.geojson and data/mexico/segments.geojson.

Deterministic, python3 standard library only.  Reads the GeoNames extract
data/geonames/places.csv (CC BY 4.0, "Contains data from GeoNames
(geonames.org)") and writes a hub/segment network of the migrant corridors
through Mexico (federal highways and the freight-rail lines known as
"La Bestia").  Every coordinate is copied from a GeoNames row.

Usage:  python3 scripts/make_mexico_data.py
"""
import csv
import json
import math
import os
import re
import sys
import unicodedata

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PLACES = os.path.join(ROOT, "data", "geonames", "places.csv")
OUT_DIR = os.path.join(ROOT, "data", "mexico")

MAX_LEG_KM = 150.0
# Desert stretches where GeoNames cities500 has no populated place (>= 500
# inhabitants) within 150 km along the real corridor.  Each exception names
# the exact (from, to) geonameid pair of the leg and an upper bound.
LONG_LEG_EXCEPTIONS = {
    # MEX-1, Desierto Central de Baja California (Cataviña, Punta Prieta,
    # Villa Jesús María are below the 500-inhabitant cut).
    (4007790, 4021858): 300.0,
    # MEX-1, Ciudad Constitución -> El Centenario (Santa Rita, El Cien too small).
    (4013723, 8858277): 175.0,
    # Sonora-Baja California railway through the Gran Desierto de Altar.
    (3991347, 3985604): 180.0,
    # MEX-45, El Sauz -> Villa Ahumada (Miguel Ahumada): El Sueco and the
    # other roadside places are below the cut.
    (4007522, 3980207): 180.0,
    # Chihuahua-Ojinaga railway, La Mesa -> Ojinaga: the only listed towns
    # on the corridor (Aldama, Coyame) are vertices of the parallel MEX-16,
    # and road and rail may meet only at hubs.
    (4001391, 3994469): 175.0,
}
KINDS = ("entry", "transit", "tourist_centre", "border_crossing", "origin", "destination", "other")

# Hubs: (id, "=geonameid", kind).  Every hub is keyed by its GeoNames id
# (names repeat: e.g. Ciudad Hidalgo, Chiapas 3530595 vs Michoacán 4013712).
HUBS = [
 ("guatemala_city", "=3598132", "origin"),  # Guatemala City, GT 07
 ("san_salvador", "=3583361", "origin"),  # San Salvador, SV 10
 ("tegucigalpa", "=3600949", "origin"),  # Tegucigalpa, HN 08
 ("san_pedro_sula", "=3601782", "origin"),  # San Pedro Sula, HN 06
 ("morales_gt", "=3592362", "transit"),  # Morales, GT 09
 ("flores_gt", "=3595725", "transit"),  # Flores, GT 12
 ("belize_city", "=3582677", "transit"),  # Belize City, BZ 01
 ("tecun_uman", "=3598129", "transit"),  # Ciudad Tecún Umán, GT 17
 ("ciudad_hidalgo_chiapas", "=3530595", "entry"),  # Ciudad Hidalgo, MX 05
 ("tapachula", "=3516266", "entry"),  # Tapachula, MX 05
 ("talisman", "=3588574", "entry"),  # Talismán, MX 05
 ("ciudad_cuauhtemoc_chiapas", "=3530600", "entry"),  # Ciudad Cuauhtémoc, MX 05
 ("frontera_comalapa", "=3527542", "entry"),  # Comalapa, MX 05
 ("tenosique", "=3515956", "entry"),  # Tenosique, MX 27
 ("el_ceibo_santa_cruz", "=3517607", "entry"),  # Santa Cruz, MX 27
 ("chetumal", "=3531023", "entry"),  # Chetumal, MX 23
 ("arriaga", "=3816739", "transit"),  # Arriaga, MX 05
 ("tuxtla_gutierrez", "=3515001", "transit"),  # Tuxtla, MX 05
 # Junctions of the Chiapas backbone (issue 16): where MEX-190, MEX-195,
 # MEX-199, MEX-200 and the inland Soconusco roads meet.
 ("frontera_hidalgo", "=3527541", "transit"),  # Frontera Hidalgo, MX 05
 ("huixtla", "=3526855", "transit"),  # Huixtla, MX 05
 ("villa_comaltitlan", "=3514685", "transit"),  # Villa Comaltitlán, MX 05
 ("ocozocoautla", "=3522444", "transit"),  # Ocozocoautla de Espinosa, MX 05
 ("san_cristobal", "=3519537", "transit"),  # San Cristóbal de las Casas, MX 05
 ("tapanatepec", "=3517962", "transit"),  # San Pedro Tapanatepec, MX 20
 ("la_ventosa", "=3524469", "transit"),  # La Ventosa, MX 20
 ("teapa", "=3516210", "transit"),  # Teapa, MX 27
 ("juchitan", "=3526357", "transit"),  # Heroica Ciudad de Juchitán de Zaragoza, MX 20
 ("ixtepec", "=3526674", "transit"),  # Ixtepec, MX 20
 ("tehuantepec", "=3516843", "transit"),  # Santo Domingo Tehuantepec, MX 20
 ("salina_cruz", "=3520064", "transit"),  # Salina Cruz, MX 20
 ("matias_romero", "=3523450", "transit"),  # Matías Romero Avendaño, MX 20
 ("medias_aguas", "=3523385", "transit"),  # Medias Aguas, MX 30
 ("acayucan", "=3533426", "transit"),  # Acayucan, MX 30
 ("coatzacoalcos", "=3530517", "transit"),  # Coatzacoalcos, MX 30
 ("villahermosa", "=3514670", "transit"),  # Villahermosa, MX 27
 ("catazaja", "=3531421", "transit"),  # Catazajá, MX 05
 ("palenque", "=3522164", "transit"),  # Palenque, MX 05
 ("emiliano_zapata_tabasco", "=3527880", "transit"),  # Emiliano Zapata, MX 27
 ("escarcega", "=3527795", "transit"),  # Escárcega, MX 04
 ("campeche", "=3531732", "transit"),  # Campeche, MX 04
 ("merida", "=3523349", "tourist_centre"),  # Mérida, MX 31
 ("cancun", "=3531673", "tourist_centre"),  # Cancún, MX 23
 ("playa_del_carmen", "=3521342", "tourist_centre"),  # Playa del Carmen, MX 23
 ("tulum", "=3515040", "tourist_centre"),  # Tulum, MX 23
 ("huatulco", "=8858124", "tourist_centre"),  # Crucecita, MX 20
 ("oaxaca", "=3522507", "tourist_centre"),  # Oaxaca, MX 20
 ("acapulco", "=3533462", "tourist_centre"),  # Acapulco de Juárez, MX 12
 ("veracruz", "=3514783", "transit"),  # Veracruz, MX 30
 ("tierra_blanca", "=3801276", "transit"),  # Tierra Blanca, MX 30
 ("cordoba", "=3530240", "transit"),  # Córdoba, MX 30
 ("orizaba", "=3522307", "transit"),  # Orizaba, MX 30
 ("puebla", "=3521081", "transit"),  # Puebla, MX 21
 ("apizaco", "=3532792", "transit"),  # Apizaco, MX 29
 ("cdmx", "=3530597", "transit"),  # Mexico City, MX 09
 ("lecheria", "=3515042", "transit"),  # Tultitlán de Mariano Escobedo, MX 15
 ("queretaro", "=3991164", "transit"),  # Santiago de Querétaro, MX 22
 ("celaya", "=4014875", "transit"),  # Celaya, MX 11
 ("irapuato", "=4004330", "transit"),  # Irapuato, MX 11
 ("leon", "=3998655", "transit"),  # León de los Aldama, MX 11
 ("guadalajara", "=4005539", "transit"),  # Guadalajara, MX 14
 ("aguascalientes", "=4019233", "transit"),  # Aguascalientes, MX 01
 ("zacatecas", "=3979844", "transit"),  # Zacatecas, MX 32
 ("fresnillo", "=4006163", "transit"),  # Fresnillo, MX 32
 ("durango", "=4011743", "transit"),  # Victoria de Durango, MX 10
 ("torreon", "=3981254", "transit"),  # Torreón, MX 07
 ("chihuahua", "=4014338", "transit"),  # Chihuahua, MX 06
 ("ciudad_juarez", "=4013708", "border_crossing"),  # Ciudad Juárez, MX 06
 ("ojinaga", "=3994469", "border_crossing"),  # Ojinaga, MX 06
 ("san_luis_potosi", "=3985606", "transit"),  # San Luis Potosí, MX 24
 ("saltillo", "=3988086", "transit"),  # Saltillo, MX 07
 ("monterrey", "=3995465", "transit"),  # Monterrey, MX 19
 ("monclova", "=3995523", "transit"),  # Monclova, MX 07
 ("piedras_negras", "=3992619", "border_crossing"),  # Piedras Negras, MX 07
 ("ciudad_acuna", "=4013728", "border_crossing"),  # Ciudad Acuña, MX 07
 ("nuevo_laredo", "=3522551", "border_crossing"),  # Nuevo Laredo, MX 28
 ("reynosa", "=3520339", "border_crossing"),  # Reynosa, MX 28
 ("matamoros", "=3523466", "border_crossing"),  # Heroica Matamoros, MX 28
 ("ciudad_victoria", "=3530580", "transit"),  # Ciudad Victoria, MX 28
 ("tampico", "=3516355", "transit"),  # Tampico, MX 28
 ("tepic", "=3981941", "transit"),  # Tepic, MX 18
 ("puerto_vallarta", "=3991328", "tourist_centre"),  # Puerto Vallarta, MX 14
 ("manzanillo", "=3996663", "transit"),  # Manzanillo, MX 08
 ("lazaro_cardenas", "=4026082", "transit"),  # Ciudad Lázaro Cárdenas, MX 16
 ("mazatlan", "=3996322", "tourist_centre"),  # Mazatlán, MX 25
 ("culiacan", "=4012176", "transit"),  # Culiacán, MX 25
 ("los_mochis", "=3997479", "transit"),  # Los Mochis, MX 25
 ("ciudad_obregon", "=4013704", "transit"),  # Ciudad Obregón, MX 26
 ("guaymas", "=4005143", "transit"),  # Heroica Guaymas, MX 26
 ("hermosillo", "=4004898", "transit"),  # Hermosillo, MX 26
 ("benjamin_hill", "=4017152", "transit"),  # Benjamín Hill, MX 26
 ("santa_ana_sonora", "=3984717", "transit"),  # Santa Ana, MX 26
 ("nogales_sonora", "=4004886", "border_crossing"),  # Nogales, MX 26
 ("agua_prieta", "=4019260", "border_crossing"),  # Agua Prieta, MX 26
 ("caborca", "=4004887", "transit"),  # Heroica Caborca, MX 26
 ("sonoyta", "=3982837", "border_crossing"),  # Sonoyta, MX 26
 ("puerto_penasco", "=3991347", "transit"),  # Puerto Peñasco, MX 26
 ("san_luis_rio_colorado", "=3985604", "border_crossing"),  # San Luis Río Colorado, MX 26
 ("mexicali", "=3996069", "border_crossing"),  # Mexicali, MX 02
 ("tijuana", "=3981609", "border_crossing"),  # Tijuana, MX 02
 ("ensenada", "=4006702", "transit"),  # Ensenada, MX 02
 ("la_paz", "=4000900", "transit"),  # La Paz, MX 03
 ("cabo_san_lucas", "=3985710", "tourist_centre"),  # Cabo San Lucas, MX 03
 ("san_jose_del_cabo", "=3986172", "tourist_centre"),  # San José del Cabo, MX 03
]
R, T = "road", "rail"
# Common names for hubs whose GeoNames name is a long official form or a
# neighbourhood; the GeoNames name is kept as `geonames_name`.
COMMON_NAMES = {
    "acapulco": "Acapulco",
    "caborca": "Caborca",
    "durango": "Durango",
    "el_ceibo_santa_cruz": "El Ceibo (Santa Cruz)",
    "frontera_comalapa": "Frontera Comalapa",
    "guaymas": "Guaymas",
    "huatulco": "Huatulco (La Crucecita)",
    "juchitan": "Juchitán",
    "lazaro_cardenas": "Lázaro Cárdenas",
    "lecheria": "Lechería (Tultitlán)",
    "leon": "León",
    "matamoros": "Matamoros",
    "matias_romero": "Matías Romero",
    "ocozocoautla": "Ocozocoautla",
    "tapanatepec": "Tapanatepec",
    "queretaro": "Querétaro",
    "tehuantepec": "Tehuantepec",
    "tuxtla_gutierrez": "Tuxtla Gutiérrez",
}

# Segments: (mode, from hub, to hub, name, via).  via = intermediate towns in
# order along the corridor, each "=geonameid" or "Exact Name/XX" (XX = MX
# admin1 code or ISO country code; must match exactly one GeoNames row).
SEGS = [
 # Central America feeders
 (R,"tegucigalpa","san_pedro_sula","CA-5 (Carretera del Norte)",["Comayagua/HN","Siguatepeque/HN","Villanueva/HN"]),
 (R,"san_pedro_sula","morales_gt","CA-13 / CA-13 GT (Corinto)",["Omoa/HN"]),
 (R,"morales_gt","guatemala_city","CA-9 (Carretera al Atlántico)",["Los Amates/GT","Gualán/GT","Río Hondo/GT","Teculután/GT","Guastatoya/GT","Sanarate/GT"]),
 (R,"morales_gt","flores_gt","CA-13 (Franja Transversal / Petén)",["Poptún/GT","Dolores/GT"]),
 (R,"san_salvador","guatemala_city","CA-1 (Panamericana)",["Santa Ana/SV","Chalchuapa/SV","Jutiapa/GT","Cuilapa/GT"]),
 (R,"guatemala_city","tecun_uman","CA-2 (Carretera al Pacífico)",["Escuintla/GT","Santa Lucía Cotzumalguapa/GT","Mazatenango/GT","Retalhuleu/GT","Coatepeque/GT"]),
 (R,"guatemala_city","ciudad_cuauhtemoc_chiapas","CA-1 (Interamericana)",["Chimaltenango/GT","Tecpán Guatemala/GT","Totonicapán/GT","Huehuetenango/GT","=3594754"]),
 (R,"flores_gt","el_ceibo_santa_cruz","Ruta a El Ceibo (Petén)",["=3594422"]),
 (R,"belize_city","flores_gt","George Price Highway / CA-13",["Belmopan/BZ","San Ignacio/BZ","Melchor de Mencos/GT"]),
 (R,"belize_city","chetumal","Philip Goldson Highway",["Orange Walk/BZ","Corozal/BZ","Subteniente López/23"]),
 # Chiapas border
 (R,"tecun_uman","ciudad_hidalgo_chiapas","Puente Rodolfo Robles (Suchiate)",[]),
 (R,"ciudad_hidalgo_chiapas","frontera_hidalgo","MEX-200 (Carretera Costera)",[]),
 (R,"frontera_hidalgo","tapachula","MEX-200 (Carretera Costera)",[]),
 (R,"talisman","tapachula","MEX-200 ramal Talismán",[]),
 (R,"talisman","frontera_hidalgo","Carretera fronteriza Talismán–Tuxtla Chico–Metapa",["=3515002","=3523307"]),
 (R,"ciudad_hidalgo_chiapas","villa_comaltitlan","Caminos de la planicie costera del Soconusco (indicative)",["=3520989","=3523418"]),
 (R,"ciudad_cuauhtemoc_chiapas","frontera_comalapa","Carretera fronteriza",[]),
 (R,"ciudad_cuauhtemoc_chiapas","san_cristobal","MEX-190 (Panamericana)",["La Trinitaria/05","Comitán/05","Teopisca/05"]),
 (R,"san_cristobal","tuxtla_gutierrez","MEX-190 (Panamericana)",["Chiapa de Corzo/05"]),
 (R,"san_cristobal","palenque","MEX-199",["=3522256","=3522484"]),
 (R,"tuxtla_gutierrez","teapa","MEX-195",["=3526687","=3516511","=3532182","=3526486","=3521070","=3520428","=3516252","=3526769","=3526698","=3521574"]),
 (R,"teapa","villahermosa","MEX-195",[]),
 (R,"tapachula","huixtla","MEX-200 (Carretera Costera)",["=3526966"]),
 (R,"huixtla","villa_comaltitlan","MEX-200 (Carretera Costera)",[]),
 (R,"villa_comaltitlan","arriaga","MEX-200 (Carretera Costera)",["Escuintla/05","Mapastepec/05","Pijijiapan/05","Tonalá/05"]),
 (R,"huixtla","frontera_comalapa","Carretera Huixtla–Motozintla–Frontera Comalapa",["=3522926"]),
 (R,"tuxtla_gutierrez","ocozocoautla","MEX-190 (Panamericana)",["=3532254"]),
 (R,"ocozocoautla","arriaga","MEX-190D (Autopista Ocozocoautla–Arriaga)",[]),
 (R,"ocozocoautla","tapanatepec","MEX-190 (Panamericana)",["Jiquipilas/05","Cintalapa de Figueroa/05"]),
 (R,"arriaga","tapanatepec","MEX-200 (Carretera Costera)",[]),
 (R,"tapanatepec","la_ventosa","MEX-190 / MEX-200 (Istmo)",["Santo Domingo Zanatepec/20","Niltepec/20"]),
 (R,"la_ventosa","juchitan","MEX-190 (Panamericana)",[]),
 (T,"arriaga","juchitan","Ferrocarril Chiapas-Mayab (línea Istmo–Arriaga)",["Chahuites/20","Unión Hidalgo/20"]),
 (T,"juchitan","ixtepec","Ferrocarril Chiapas-Mayab (línea Istmo–Arriaga)",[]),
 (R,"juchitan","ixtepec","Carretera Juchitán–Ixtepec",["=3527737"]),
 (R,"juchitan","tehuantepec","MEX-185 / MEX-190",[]),
 (R,"tehuantepec","salina_cruz","MEX-185",[]),
 (R,"oaxaca","tehuantepec","MEX-190 (Panamericana)",["Tlacolula de Matamoros/20","=3517951","=3801642"]),
 (R,"salina_cruz","huatulco","MEX-200 (Carretera Costera)",["=3517996"]),
 (R,"la_ventosa","matias_romero","MEX-185 (Transístmica)",[]),
 (T,"ixtepec","matias_romero","Ferrocarril del Istmo de Tehuantepec / Chiapas-Mayab",[]),
 (R,"matias_romero","medias_aguas","MEX-185 (Transístmica)",["Palomares/20"]),
 (T,"matias_romero","medias_aguas","Ferrocarril del Istmo de Tehuantepec",["Donaji/20","Jesús Carranza/30"]),
 (R,"medias_aguas","acayucan","MEX-185 (Transístmica)",["Sayula de Alemán/30"]),
 (R,"acayucan","coatzacoalcos","MEX-180 / MEX-145D",["Jáltipan de Morelos/30","Cosoleacaque/30"]),
 (T,"medias_aguas","coatzacoalcos","Ferrocarril del Istmo de Tehuantepec",["Texistepec/30","Minatitlán/30"]),
 (R,"coatzacoalcos","villahermosa","MEX-180 (Golfo)",["=3533269","=3802196","Cárdenas/27"]),
 (T,"palenque","teapa","Ferrocarril Chiapas-Mayab (La Bestia)",["Salto de Agua/05"]),
 (T,"teapa","coatzacoalcos","Ferrocarril Chiapas-Mayab (La Bestia)",["Huimanguillo/27","Las Choapas/30"]),
 (T,"tenosique","palenque","Ferrocarril Chiapas-Mayab (La Bestia)",[]),
 (R,"villahermosa","catazaja","MEX-186",["Macuspana/27"]),
 (R,"catazaja","palenque","MEX-199",[]),
 (R,"catazaja","emiliano_zapata_tabasco","MEX-186",[]),
 (R,"emiliano_zapata_tabasco","tenosique","MEX-203",[]),
 (R,"tenosique","el_ceibo_santa_cruz","Carretera Tenosique–El Ceibo",[]),
 (R,"emiliano_zapata_tabasco","escarcega","MEX-186",["=11778440"]),
 (R,"escarcega","chetumal","MEX-186",["Xpujil/04","Nicolás Bravo/23"]),
 (R,"escarcega","campeche","MEX-261",["Champotón/04"]),
 (R,"campeche","merida","MEX-180",["Hecelchakán/04","Calkiní/04","Maxcanú/31","Umán/31"]),
 (R,"merida","cancun","MEX-180D",["Izamal/31","Valladolid/31","=8859621"]),
 (R,"cancun","playa_del_carmen","MEX-307",[]),
 (R,"playa_del_carmen","tulum","MEX-307",["Akumal/23"]),
 (R,"tulum","chetumal","MEX-307",["Felipe Carrillo Puerto/23","Bacalar/23"]),
 # Veracruz / centre
 (R,"acayucan","veracruz","MEX-180 (Golfo)",["San Andrés Tuxtla/30","Santiago Tuxtla/30","=3524391","Alvarado/30"]),
 (R,"acayucan","tierra_blanca","MEX-145",["=3520214","=3825011"]),
 (T,"medias_aguas","tierra_blanca","Ferrosur (Medias Aguas–Tierra Blanca)",["=3824996","Tres Valles/30"]),
 (R,"veracruz","cordoba","MEX-150D",["Soledad de Doblado/30","Paso del Macho/30"]),
 (R,"tierra_blanca","cordoba","MEX-145 / MEX-150",["Cuitláhuac/30","Yanga/30"]),
 (T,"tierra_blanca","cordoba","Ferrosur (Tierra Blanca–Córdoba)",["Omealca/30"]),
 (R,"cordoba","orizaba","MEX-150",["Fortín de las Flores/30"]),
 (T,"cordoba","orizaba","Ferrosur (línea Veracruz–México)",[]),
 (R,"orizaba","puebla","MEX-150D (Cumbres de Maltrata)",["Acultzingo/30","Palmar de Bravo/21","Tecamachalco/21","Amozoc de Mota/21"]),
 (T,"orizaba","apizaco","Ferrosur (línea Mexicano)",["Maltrata/30","=3527748","Oriental/21","Huamantla/29"]),
 (R,"puebla","apizaco","Carretera Puebla–Tlaxcala–Apizaco",["Tlaxcala/29"]),
 (R,"puebla","cdmx","MEX-150D",["San Martín Texmelucan de Labastida/21","Ixtapaluca/15"]),
 (T,"apizaco","lecheria","Ferrosur / Ferromex (Apizaco–Lechería)",["Calpulalpan/29","=3522265","=8858121"]),
 (R,"cdmx","lecheria","MEX-57 (Periférico / Autopista México–Querétaro)",["Tlalnepantla/15"]),
 (R,"oaxaca","puebla","MEX-190 / MEX-135",["=3532656","=3527023","Acatlán de Osorio/21","Izúcar de Matamoros/21","Atlixco/21"]),
 (R,"cdmx","acapulco","MEX-95D (Autopista del Sol)",["Cuernavaca/17","Iguala de la Independencia/12","Chilpancingo/12"]),
 (R,"acapulco","huatulco","MEX-200 (Carretera Costera)",["=3518461","Marquelia/12","=3516926","Puerto Escondido/20","San Pedro Pochutla/20"]),
 (R,"lazaro_cardenas","acapulco","MEX-200 (Carretera Costera)",["=3979673","=3992842","Técpan de Galeana/12"]),
 (R,"manzanillo","lazaro_cardenas","MEX-200 (Carretera Costera)",["Tecomán/08","=4025994","=3996484"]),
 (R,"puerto_vallarta","manzanillo","MEX-200 (Carretera Costera)",["=4007102","Tomatlán/14","Cihuatlán/14"]),
 (R,"guadalajara","manzanillo","MEX-54D / MEX-54",["Ciudad Guzmán/14","Colima/08"]),
 (R,"tepic","puerto_vallarta","MEX-200",["Compostela/18","Las Varas/18","Bucerías/18"]),
 # Bajío / north
 (R,"lecheria","queretaro","MEX-57D (Autopista México–Querétaro)",["Tepotzotlán/15","Tepeji del Río de Ocampo/13","=3521297","San Juan del Río/22"]),
 (T,"lecheria","queretaro","La Bestia: Ferromex/KCSM (Huehuetoca–Querétaro)",["Huehuetoca/15","Tula de Allende/13","=3522658","Pedro Escobedo/22"]),
 (R,"queretaro","celaya","MEX-45D",["Apaseo el Grande/11"]),
 (T,"queretaro","celaya","La Bestia: Ferromex (Querétaro–Celaya)",[]),
 (R,"celaya","irapuato","MEX-45D",["Villagrán/11","Salamanca/11"]),
 (T,"celaya","irapuato","La Bestia: Ferromex (Celaya–Irapuato)",[]),
 (R,"irapuato","leon","MEX-45D",["=3983058"]),
 (T,"irapuato","leon","Ferromex (Irapuato–León)",[]),
 (R,"leon","aguascalientes","MEX-45",["Lagos de Moreno/14","Encarnación de Díaz/14"]),
 (T,"leon","aguascalientes","Ferromex (León–Aguascalientes)",[]),
 (R,"aguascalientes","zacatecas","MEX-45",["Rincón de Romos/01","=3997017"]),
 (T,"aguascalientes","zacatecas","La Bestia: Ferromex (Aguascalientes–Zacatecas)",["Pabellón de Arteaga/01","=3972429"]),
 (R,"zacatecas","fresnillo","MEX-45/49",["=4016132"]),
 (T,"zacatecas","fresnillo","La Bestia: Ferromex (Zacatecas–Fresnillo)",["=3995398"]),
 (R,"fresnillo","durango","MEX-45",["Sombrerete/32","Vicente Guerrero/10"]),
 (R,"fresnillo","torreon","MEX-49",["Río Grande/32","=4012344","Gómez Palacio/10"]),
 (T,"fresnillo","torreon","La Bestia: Ferromex (Fresnillo–Torreón)",["=4016077","=3980230"]),
 (R,"durango","mazatlan","MEX-40D (Durango–Mazatlán)",["El Salto/10","Concordia/25"]),
 (R,"torreon","chihuahua","MEX-49",["Bermejillo/10","=4014938","José Mariano Jiménez/06","=4013720"]),
 (T,"torreon","chihuahua","La Bestia: Ferromex (Torreón–Chihuahua)",["Tlahualilo de Zaragoza/10","=4006675","Santa Rosalía de Camargo/06","=3996234"]),
 (T,"chihuahua","ciudad_juarez","La Bestia: Ferromex (Chihuahua–Ciudad Juárez)",["=3974655","=3975280","=3976059","=4013335"]),
 (R,"chihuahua","ciudad_juarez","MEX-45 (Panamericana)",["=4007522","=3980207","=3988043"]),
 (T,"chihuahua","ojinaga","Ferromex (Chihuahua–Ojinaga)",["=4001391"]),
 (R,"chihuahua","ojinaga","MEX-16",["=4018831","=4012672"]),
 (R,"hermosillo","chihuahua","MEX-16",["=3982179","=3979954","=3996357","=3979940","=4017356","=3981381","=4001792","=4012406","=4018543"]),
 (R,"agua_prieta","ciudad_juarez","MEX-2",["=4004116","=4003582","=4005372"]),
 (R,"celaya","san_luis_potosi","MEX-57 via San Miguel",["=3986088","Santa María del Río/24"]),
 (T,"celaya","san_luis_potosi","La Bestia: KCSM (Celaya–San Luis Potosí)",["Comonfort/11","San Miguel de Allende/11","=3980186"]),
 (R,"san_luis_potosi","saltillo","MEX-57",["=8859103","Matehuala/24","=3986099"]),
 (T,"san_luis_potosi","saltillo","La Bestia: KCSM (San Luis Potosí–Saltillo)",["=3980487","=3980575","=3984820","=4019291"]),
 (R,"saltillo","monterrey","MEX-40D",["Santa Catarina/19"]),
 (T,"saltillo","monterrey","La Bestia: KCSM (Saltillo–Monterrey)",["Ramos Arizpe/07","García/19"]),
 (R,"monterrey","nuevo_laredo","MEX-85 (Carretera Nacional)",["Ciénega de Flores/19","=3988327","=3514873"]),
 (T,"monterrey","nuevo_laredo","La Bestia: KCSM (Monterrey–Nuevo Laredo)",["Salinas Victoria/19","=3980158","=4001240"]),
 (R,"monterrey","reynosa","MEX-40",["Cadereyta Jiménez/19","=3527457"]),
 (T,"monterrey","reynosa","La Bestia: KCSM (Monterrey–Reynosa)",["=3523914","=3524049"]),
 (R,"reynosa","matamoros","MEX-2",["=3520271"]),
 (T,"reynosa","matamoros","KCSM (Reynosa–Matamoros)",[]),
 (R,"saltillo","monclova","MEX-57",["=3993395","=4015022"]),
 (T,"monterrey","monclova","Ferromex (Monterrey–Monclova)",["=3995847"]),
 (R,"monclova","piedras_negras","MEX-57",["=3988333","Nava/07"]),
 (T,"monclova","piedras_negras","La Bestia: Ferromex (Monclova–Piedras Negras)",["=3994667","=4018761"]),
 (R,"piedras_negras","ciudad_acuna","MEX-2 / MEX-29",["=4003937"]),
 (R,"monterrey","ciudad_victoria","MEX-85",["Montemorelos/19","Linares/19"]),
 (R,"matamoros","ciudad_victoria","MEX-101 / MEX-180",["San Fernando/28","=3517151"]),
 (R,"ciudad_victoria","tampico","MEX-81 / MEX-80",["=3524292","González/28"]),
 (R,"tampico","veracruz","MEX-180 (Golfo)",["=3522804","=3515011","Poza Rica de Hidalgo/30","Papantla de Olarte/30","Nautla/30","=3526446"]),
 (R,"tampico","san_luis_potosi","MEX-70",["Ébano/24","Ciudad Valles/24","=3520235"]),
 # Pacific
 (R,"irapuato","guadalajara","MEX-90 / MEX-15D",["Pénjamo/11","=3979717"]),
 (T,"irapuato","guadalajara","La Bestia: Ferromex (Irapuato–Guadalajara)",["Abasolo/11","La Piedad de Cabadas/16","Yurécuaro/16","La Barca/14","Ocotlán/14"]),
 (R,"guadalajara","tepic","MEX-15D",["Tequila/14","Magdalena/14","Ixtlán del Río/18"]),
 (T,"guadalajara","tepic","La Bestia: Ferromex Pacífico (Guadalajara–Tepic)",["=4018597","=4006380","=4019089"]),
 (R,"tepic","mazatlan","MEX-15D",["=3988421","Acaponeta/18","=3988416"]),
 (T,"tepic","mazatlan","La Bestia: Ferromex Pacífico (Tepic–Mazatlán)",["Santiago Ixcuintla/18","Tecuala/18","=4006622"]),
 (R,"mazatlan","culiacan","MEX-15D",["=4002745","=4012693"]),
 (T,"mazatlan","culiacan","La Bestia: Ferromex Pacífico (Mazatlán–Culiacán)",["=4010589","=3991148"]),
 (R,"culiacan","los_mochis","MEX-15D",["Guamúchil/25","Guasave/25"]),
 (T,"culiacan","los_mochis","La Bestia: Ferromex Pacífico (Culiacán–Los Mochis)",["=3995017","=4018499","=4010897"]),
 (R,"los_mochis","ciudad_obregon","MEX-15D",["Navojoa/26"]),
 (T,"los_mochis","ciudad_obregon","La Bestia: Ferromex Pacífico (Los Mochis–Obregón)",["=4004647"]),
 (R,"ciudad_obregon","guaymas","MEX-15D",["=4006806"]),
 (T,"ciudad_obregon","guaymas","La Bestia: Ferromex Pacífico (Obregón–Empalme)",[]),
 (R,"guaymas","hermosillo","MEX-15D",[]),
 (T,"guaymas","hermosillo","La Bestia: Ferromex Pacífico (Empalme–Hermosillo)",["=3994076"]),
 (R,"hermosillo","benjamin_hill","MEX-15D",["=8764398"]),
 (T,"hermosillo","benjamin_hill","La Bestia: Ferromex Pacífico (Hermosillo–Benjamín Hill)",[]),
 (R,"benjamin_hill","santa_ana_sonora","MEX-15",[]),
 (R,"santa_ana_sonora","nogales_sonora","MEX-15",["Magdalena de Kino/26"]),
 (T,"benjamin_hill","nogales_sonora","La Bestia: Ferromex Pacífico (Benjamín Hill–Nogales)",["Ímuris/26"]),
 (R,"nogales_sonora","agua_prieta","MEX-2",["Cananea/26"]),
 (R,"santa_ana_sonora","caborca","MEX-2",["Altar/26","Pitiquito/26"]),
 (T,"benjamin_hill","caborca","La Bestia: Ferromex (Sonora–Baja California)",["=3999210"]),
 (R,"caborca","sonoyta","MEX-2",[]),
 (R,"sonoyta","puerto_penasco","MEX-8",[]),
 (T,"caborca","puerto_penasco","La Bestia: Ferromex (Sonora–Baja California)",[]),
 (R,"puerto_penasco","san_luis_rio_colorado","Carretera Costera (Sonora 003)",["Golfo de Santa Clara/26"]),
 (T,"puerto_penasco","san_luis_rio_colorado","La Bestia: Ferromex (Sonora–Baja California)",[]),
 (R,"san_luis_rio_colorado","mexicali","MEX-2",["=4011565"]),
 (T,"san_luis_rio_colorado","mexicali","Ferromex (Sonora–Baja California)",["=3979554"]),
 (R,"mexicali","tijuana","MEX-2D",["La Rumorosa/02","Tecate/02"]),
 (R,"tijuana","ensenada","MEX-1D",["=3988392"]),
 (R,"ensenada","la_paz","MEX-1 (Transpeninsular)",["=3979216","Vicente Guerrero/02","El Rosario de Arriba/02","Guerrero Negro/03","Villa Alberto Andrés Alvarado Arámburo/03","San Ignacio/03","Santa Rosalía/03","Mulegé/03","Loreto/03","Ciudad Insurgentes/03","Ciudad Constitución/03","El Centenario/03"]),
 (R,"la_paz","cabo_san_lucas","MEX-19",["=4010618","Todos Santos/03","El Pescadero/03"]),
 (R,"la_paz","san_jose_del_cabo","MEX-1 (Transpeninsular)",["=3998075","Santiago/03","Miraflores/03"]),
 (R,"san_jose_del_cabo","cabo_san_lucas","MEX-1 (Corredor Turístico)",[]),
]


def norm(s):
    s = unicodedata.normalize("NFKD", s)
    return "".join(c for c in s if not unicodedata.combining(c)).lower()


def haversine_km(lon1, lat1, lon2, lat2):
    r = 6371.0088
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * r * math.asin(math.sqrt(h))


def load_places():
    by_id, by_name = {}, {}
    with open(PLACES, encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            gid = int(row["geonameid"])
            rec = {
                "geonameid": gid,
                "name": row["name"],
                "country": row["country"],
                "admin1": row["admin1"],
                "lat": float(row["lat"]),
                "lon": float(row["lon"]),
                "population": int(row["population"]),
            }
            by_id[gid] = rec
            by_name.setdefault(norm(row["name"]), []).append(rec)
    return by_id, by_name


def resolve(spec, by_id, by_name):
    """'=123' -> geonameid 123; 'Name/XX' -> the unique row with that exact
    name in admin1 XX (two digits) or country XX (two letters)."""
    if spec.startswith("="):
        return by_id[int(spec[1:])]
    name, _, qual = spec.rpartition("/")
    cands = by_name.get(norm(name), [])
    if qual.isdigit():
        cands = [r for r in cands if r["country"] == "MX" and r["admin1"] == qual]
    else:
        cands = [r for r in cands if r["country"] == qual]
    if len(cands) != 1:
        raise SystemExit("ambiguous or missing place %r: %d candidates %s"
                         % (spec, len(cands), [c["geonameid"] for c in cands]))
    return cands[0]


def coord(rec):
    return [round(rec["lon"], 5), round(rec["lat"], 5)]


def slug(s):
    return re.sub(r"[^a-z0-9]+", "_", norm(s)).strip("_")


def fmt_feature(feat):
    return json.dumps(feat, ensure_ascii=False, sort_keys=True, separators=(", ", ": "))


def write_fc(path, features):
    lines = ['{"type": "FeatureCollection", "features": [']
    for i, feat in enumerate(features):
        lines.append(fmt_feature(feat) + ("," if i + 1 < len(features) else ""))
    lines.append("]}")
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(lines) + "\n")


def main():
    by_id, by_name = load_places()
    hubs = {}
    seen_gid = set()
    for hid, spec, kind in HUBS:
        assert re.fullmatch(r"[a-z0-9_]+", hid), hid
        assert hid not in hubs, "duplicate hub id " + hid
        assert kind in KINDS, kind
        rec = resolve(spec, by_id, by_name)
        assert rec["geonameid"] not in seen_gid, "hub geonameid twice: %s" % hid
        seen_gid.add(rec["geonameid"])
        hubs[hid] = (rec, kind)

    hub_feats = []
    for hid in sorted(hubs):
        rec, kind = hubs[hid]
        hub_feats.append({
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": coord(rec)},
            "properties": {
                "id": hid, "name": COMMON_NAMES.get(hid, rec["name"]), "kind": kind,
                "geonames_name": rec["name"],
                "geonameid": rec["geonameid"], "country": rec["country"],
                "admin1": rec["admin1"], "population": rec["population"],
            },
        })

    hub_gids = {rec["geonameid"] for rec, _ in hubs.values()}
    seg_feats, seg_ids, used = [], set(), set()
    for mode, a, b, name, via in SEGS:
        assert mode in ("road", "rail")
        assert a in hubs and b in hubs and a != b, (a, b)
        sid = "%s-%s-%s" % (mode, a.replace("_", "-"), b.replace("_", "-"))
        assert sid not in seg_ids, "duplicate segment " + sid
        seg_ids.add(sid)
        used.update((a, b))
        recs = [hubs[a][0]] + [resolve(v, by_id, by_name) for v in via] + [hubs[b][0]]
        for r in recs[1:-1]:
            assert r["geonameid"] not in hub_gids, "via is a hub: %s in %s" % (r["name"], sid)
        assert len({r["geonameid"] for r in recs}) == len(recs), "repeated vertex in " + sid
        coords = [coord(r) for r in recs]
        for p, q in zip(recs, recs[1:]):
            d = haversine_km(p["lon"], p["lat"], q["lon"], q["lat"])
            limit = LONG_LEG_EXCEPTIONS.get((p["geonameid"], q["geonameid"]),
                                            LONG_LEG_EXCEPTIONS.get((q["geonameid"], p["geonameid"]), MAX_LEG_KM))
            assert d <= limit, "leg %s -> %s in %s is %.1f km" % (p["name"], q["name"], sid, d)
        seg_feats.append({
            "type": "Feature",
            "geometry": {"type": "LineString", "coordinates": coords},
            "properties": {
                "id": sid, "from": a, "to": b, "mode": mode, "name": name,
                "via": [r["name"] for r in recs[1:-1]],
                "via_geonameids": [r["geonameid"] for r in recs[1:-1]],
            },
        })
    unused = sorted(set(hubs) - used)
    assert not unused, "isolated hubs: %s" % unused
    seg_feats.sort(key=lambda f: f["properties"]["id"])

    os.makedirs(OUT_DIR, exist_ok=True)
    write_fc(os.path.join(OUT_DIR, "hubs.geojson"), hub_feats)
    write_fc(os.path.join(OUT_DIR, "segments.geojson"), seg_feats)
    print("wrote %d hubs, %d segments" % (len(hub_feats), len(seg_feats)))


if __name__ == "__main__":
    main()
